"""Commands that need an optional extra say which, instead of failing with a traceback."""

from __future__ import annotations

import importlib.util
import sys

SANDBOX_EXTRA = "pip install 'shelcaster[sandbox]'"


def sandbox_missing(command: str) -> bool:
    """True (and a one-line explanation on stderr) when the sandbox's dependencies are not installed."""
    if importlib.util.find_spec("moto") is not None:
        return False
    print(f"`shelcaster {command}` runs the local sandbox, which a production install leaves out: {SANDBOX_EXTRA}",
          file=sys.stderr)  # fmt: skip
    return True
