"""`shelcaster doctor`: check settings, AWS and Slack; print a pass/fail table with a fix for each failure."""

from __future__ import annotations

import argparse
from typing import Any


def add(commands: Any) -> None:
    parser = commands.add_parser("doctor", help="check the configuration, AWS account and Slack app the bot needs")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.entry.doctor import any_failed, diagnose, render

    results = diagnose()
    print(render(results))
    return 1 if any_failed(results) else 0
