"""``python -m sandbox.aws``: run the AWS sandbox until interrupted."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from dataclasses import fields

from .behaviour import RTMP_EXPIRY, SandboxBehaviour
from .server import AwsSandbox
from .timings import SandboxTimings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.aws", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--region", default="us-east-1")
    defaults = SandboxTimings()
    for item in fields(SandboxTimings):
        parser.add_argument(f"--{item.name.replace('_', '-')}", type=float, default=getattr(defaults, item.name))
    parser.add_argument("--rtmp-expiry", choices=RTMP_EXPIRY, default=SandboxBehaviour().rtmp_expiry)
    parser.add_argument(
        "--rtmp-retries-reset-on-connect", choices=("true", "false"), default="true", help="(behaviour variant)"
    )
    parser.add_argument(
        "--timing-headers", action="store_true", help="serve one request at a time; say its queued and served time"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    timings = SandboxTimings(**{f.name: getattr(args, f.name) for f in fields(SandboxTimings)})
    behaviour = SandboxBehaviour(args.rtmp_expiry, args.rtmp_retries_reset_on_connect == "true")
    sandbox = AwsSandbox(
        host=args.host,
        port=args.port,
        timings=timings,
        region=args.region,
        behaviour=behaviour,
        timing_headers=args.timing_headers,
    )
    sandbox.start()
    print(f"AWS sandbox on {sandbox.url}  (AWS_ENDPOINT_URL={sandbox.url}, region {args.region})", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    sandbox.stop()


if __name__ == "__main__":
    main()
