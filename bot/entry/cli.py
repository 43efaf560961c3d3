"""The `shelcaster` command. Each subcommand lives in its own module under `bot/entry/cli_commands/`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.entry.cli_commands import check_aws, demo, doctor, sandbox, serve, sweep
from core.errors import ConfigError

# Each module offers `add(subparsers)`, which registers its parser with `func=run`.
MODULES = (serve, sandbox, demo, doctor, check_aws, sweep)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shelcaster", description="Run a live show's AWS video chain from Slack.")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in MODULES:
        module.add(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
