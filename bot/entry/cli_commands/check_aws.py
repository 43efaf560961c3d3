"""`shelcaster check-aws [--yes]`: run the product's own code paths against the real account and report what AWS did.

Same settings as `serve`. It says what it will create and what it costs, asks (unless `--yes`), runs for about a
quarter of an hour, and always cleans up: on a failed step, an AWS error, Ctrl-C or SIGTERM (a second Ctrl-C
during the cleanup is ignored). Exit code 0 when every step ran and nothing was left, 2 when it refused to run
(nothing created), 130 when interrupted, 1 otherwise.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from bot.entry.logs import configure_logging
from core.config import CoreSettings, load

EXIT = {"passed": 0, "refused": 2, "interrupted": 130}


def add(commands: Any) -> None:
    parser = commands.add_parser(
        "check-aws", help="run a short show on the real account and report what AWS did (about 15 minutes, < $1)"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask before creating anything (for scripts)")
    parser.set_defaults(func=run)


@contextmanager
def _interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does, so its cleanup still runs."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _shielded() -> Iterator[None]:
    """While cleaning up, Ctrl-C and SIGTERM only say to wait: an interrupted cleanup would leave resources."""

    def wait(signum: int, frame: FrameType | None) -> None:
        print("Cleaning up what the check made; this takes a minute or two.", file=sys.stderr, flush=True)

    previous = {sig: signal.signal(sig, wait) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> int:
    from core.acceptance.composition import build_account_check, describe_target
    from core.acceptance.estimate import RunPlan
    from core.acceptance.render import plan_text, report_text
    from core.acceptance.settings import CheckSettings
    from core.clock import utc_now
    from core.ports import RealWaits

    settings = load(CoreSettings)
    check = load(CheckSettings)
    configure_logging("ERROR")
    account_check = build_account_check(settings, check, clock=utc_now, waits=RealWaits())

    def confirm(plan: RunPlan) -> bool:
        print(plan_text(plan, target=describe_target(settings)), flush=True)
        if args.yes:
            return True
        try:
            return input("Run it? [y/N] ").strip().lower() in ("y", "yes")
        except EOFError:
            return False

    def progress(step: str) -> None:
        print(f"... {step}", file=sys.stderr, flush=True)

    try:
        with _interrupt_on_sigterm():
            report = account_check.run(confirm=confirm, shield=_shielded, on_step=progress)
    except KeyboardInterrupt:  # before the first step: nothing was created
        print("Interrupted: nothing was created.", file=sys.stderr)
        return EXIT["interrupted"]
    print(report_text(report))
    return EXIT.get(report.outcome.value, 1)
