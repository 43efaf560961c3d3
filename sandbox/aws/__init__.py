"""An embedded AWS endpoint for local runs and tests.

moto's server, with MediaLive and IVS served by the sandbox itself so that state rules, schedules, tags,
security groups, stream keys and live detection behave as the product relies on, plus HLS segments
written to S3 and MediaLive metrics in CloudWatch while channels run. Production code never imports it.
"""

from .behaviour import SandboxBehaviour
from .control import SandboxControl, SandboxControlError
from .server import AwsSandbox
from .timings import SandboxTimings

__all__ = ["AwsSandbox", "SandboxBehaviour", "SandboxControl", "SandboxControlError", "SandboxTimings"]
