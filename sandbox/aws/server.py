"""``AwsSandbox``: an in-process AWS endpoint (moto server plus the sandbox's MediaLive and IVS)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from moto import backends
from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import BaseWSGIServer, make_server

from . import encoders
from .app import SandboxApp
from .behaviour import SandboxBehaviour
from .control import SandboxControlError
from .faults import FaultRegistry
from .ivs_state import IvsState
from .medialive_state import MediaLiveState
from .serve_timing import ARRIVED, OneAtATime
from .timings import SandboxTimings
from .worker import Worker

log = logging.getLogger(__name__)
T = TypeVar("T")


class _QuietHandler(MotoRequestHandler):
    """Request logging goes to our logger at DEBUG instead of werkzeug's per-request INFO lines."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        log.debug("%s %s -> %s", self.command, self.path, code)

    def parse_request(self) -> bool:
        # The request line has just been read: from here on, time not spent serving it is time spent behind others.
        self._arrived = time.perf_counter()
        return super().parse_request()

    def make_environ(self) -> Any:
        environ = super().make_environ()
        environ[ARRIVED] = self._arrived
        return environ


def _checked(build: Callable[[], T]) -> T:
    """``build()``, its ValueError turned into the control API's 400."""
    try:
        return build()
    except ValueError as exc:
        raise SandboxControlError(400, str(exc)) from exc


# The services moto serves behind the sandbox. moto imports a service's backend at its first request, and SSM's
# import loads its catalogue of AWS public parameters (~0.7 s): loaded at start, the first call answers as fast as
# any, as AWS's do, instead of stalling a bot's first sweep (and, on a shared machine, its CPU).
_MOTO_SERVICES = ("s3", "dynamodb", "ssm", "sts", "iam", "cloudwatch")


def _load_moto_backends() -> None:
    for service in _MOTO_SERVICES:
        backends.get_backend(service)  # type: ignore[call-overload]


class AwsSandbox:
    """An AWS endpoint for local runs and tests; point boto3 at ``url`` (region ``region``, any keys).

    MediaLive and IVS state belongs to this instance; S3, DynamoDB, SSM, STS, IAM and CloudWatch are
    moto's process-wide backends, shared with any other sandbox (or ``mock_aws``) in the process.
    Thread-safe: requests, the ticker and the control methods share one lock.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timings: SandboxTimings = SandboxTimings(),  # noqa: B008 - frozen dataclass, safe as a default
        region: str = "us-east-1",
        behaviour: SandboxBehaviour = SandboxBehaviour(),  # noqa: B008 - frozen dataclass, safe as a default
        seed: int | None = None,
        timing_headers: bool = False,
    ) -> None:
        """`seed`: MediaLive ids and addresses the same on every run (None: different ones each time).
        `timing_headers`: serve one request at a time and say in each response how long it waited and was served
        (sandbox/aws/serve_timing.py), for benchmarks that must tell the sandbox's queueing from the client's time."""
        self._timing_headers = timing_headers
        self._host = host
        self._port = port
        self._timings = timings
        self._behaviour = behaviour
        self.lock = threading.RLock()
        self.faults = FaultRegistry()
        self.medialive = MediaLiveState(region, lambda: self._timings, self.lock, lambda: self._behaviour, seed)
        self.ivs = IvsState(self.medialive)
        self._worker = Worker(self.medialive, self.ivs)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Serve on a background thread; returns once the socket accepts connections."""
        if self._server is not None:
            raise RuntimeError("sandbox already started")
        _load_moto_backends()
        app = OneAtATime(SandboxApp(self)) if self._timing_headers else SandboxApp(self)
        server = make_server(self._host, self._port, app, threaded=True, request_handler=_QuietHandler)
        self._server = server
        # A short poll interval keeps stop() fast (shutdown waits for the next poll).
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="aws-sandbox-http", daemon=True
        )
        self._thread.start()
        self._worker.start()
        log.info("AWS sandbox listening on %s", self.url)

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("sandbox not started")
        host = "127.0.0.1" if self._host in ("0.0.0.0", "") else self._host  # noqa: S104
        return f"http://{host}:{self._server.server_port}"

    def stop(self) -> None:
        self._worker.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> AwsSandbox:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # --- control -------------------------------------------------------------------------------------

    @property
    def timings(self) -> SandboxTimings:
        return self._timings

    @property
    def skipped_buckets(self) -> frozenset[str]:
        """Buckets HLS output was aimed at that did not exist, so nothing was written there."""
        return frozenset(self._worker.skipped_buckets)

    def inject_fault(
        self,
        *,
        service: str,
        operation: str,
        status: int = 500,
        code: str = "InternalServerErrorException",
        message: str = "injected fault",
        times: int = 1,
    ) -> None:
        """Fail the next ``times`` HTTP attempts of ``service``'s ``operation`` before they do anything.

        ``times`` counts attempts, not boto3 calls: botocore retries 5xx and throttling errors (three
        attempts in standard mode), so use ``times=3`` to make one such call fail.
        """
        try:
            self.faults.add(service, operation, status, code, message, times)
        except ValueError as exc:
            raise SandboxControlError(400, str(exc)) from exc

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_timings(self, timings: SandboxTimings) -> None:
        """Use new timings from now on; transitions already under way keep their deadlines."""
        checked = _checked(lambda: SandboxTimings().merged(timings.to_dict()))
        with self.lock:
            self._timings = checked

    @property
    def behaviour(self) -> SandboxBehaviour:
        return self._behaviour

    def set_behaviour(self, behaviour: SandboxBehaviour) -> None:
        """Play other variants of undocumented AWS behaviour from now on."""
        checked = _checked(lambda: SandboxBehaviour().merged(behaviour.to_dict()))
        with self.lock:
            self._behaviour = checked

    def subscribe_events(self, sink: Callable[[dict[str, Any]], object]) -> None:
        """Send `sink` the MediaLive and IVS events EventBridge would (sandbox/aws/events.py), each as it happens."""
        with self.lock:
            self._worker.events.subscribe(sink)

    def unsubscribe_events(self, sink: Callable[[dict[str, Any]], object]) -> None:
        with self.lock:
            self._worker.events.unsubscribe(sink)

    def refuse_rtmp(self, host: str, refusing: bool = True) -> None:
        """Make an RTMP destination outside the sandbox (a platform's host) refuse every push, or take them again."""
        with self.lock:
            hosts = self.medialive.refusing_hosts
            hosts.add(host.lower()) if refusing else hosts.discard(host.lower())

    def set_viewers(self, channel_arn: str, count: int) -> None:
        """How many viewers GetStream reports for the IVS channel's stream while it is live (0 by default)."""
        if count < 0:
            raise SandboxControlError(400, "a viewer count is 0 or more")
        with self.lock:
            channel = self.ivs.channels.get(channel_arn)
            if channel is None:
                raise SandboxControlError(404, f"no IVS channel {channel_arn}")
            channel.viewers = count

    def connect_encoder(self, input_id: str, connected: bool = True, source_ip: str | None = None) -> None:
        """Simulate an encoder (dis)connecting to a push input (drives InputVideoFrameRate and alerts).

        ``source_ip`` is where it pushes from; None means an address inside the first rule of the input's
        first security group. A push from outside every rule of the input's group counts as not connected.
        """
        with self.lock:
            item = encoders.connect(self.medialive, input_id, connected, source_ip)
            channel = self.medialive.channels.get(item.attached_to or "")
            if encoders.admitted(self.medialive, item) and channel is not None and channel.run is not None:
                channel.run.seen_input = True
