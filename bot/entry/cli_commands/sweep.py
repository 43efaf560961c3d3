"""`shelcaster sweep [--preview]`: one watchdog sweep now, with a table of what it found and did.

A real run is the scheduled sweep (it takes the scheduler lease, warns and acts in Slack); `--preview`
decides only: nothing is posted, stored or changed. Exit code 0 unless the sweep itself failed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any, TextIO

from bot.entry.config import BotSettings
from bot.entry.logs import configure_logging
from bot.slack_ui import alerts
from core.config import WatchdogSettings, load
from core.errors import ShelcasterError
from core.watchdog.events import Mode, SweepReport
from core.watchdog.plan import Finding


def add(commands: Any) -> None:
    parser = commands.add_parser("sweep", help="run one watchdog sweep now and print what it found and did")
    parser.add_argument(
        "--preview",
        "--dry-run",
        dest="preview",
        action="store_true",
        help="decide only, with the deployment's recorded watchdog policy: post, store and change nothing",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot.entry.runtime import build_runtime

    settings = load(BotSettings)
    configure_logging("WARNING")
    runtime = build_runtime(settings)
    try:
        report = runtime.jobs.sweep(Mode.PREVIEW if args.preview else None)
    except ShelcasterError as error:
        print(f"The sweep failed: {error}", file=sys.stderr)
        return 1
    if report is None:
        print("Another replica holds the scheduler lease and sweeps on its own; try `--preview` to look.")
        return 0
    print_report(report, watchdog=settings.watchdog, out=sys.stdout)
    return 0


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return ""
    minutes = (moment - now).total_seconds() / 60.0
    return f"{moment:%H:%M}" + (f" (in {alerts.duration(minutes)})" if minutes > 0 else "")


def _row(finding: Finding, now: datetime, watchdog: WatchdogSettings) -> list[str]:
    return [
        finding.kind,
        finding.resource_id,
        finding.name[:32],
        finding.state.lower(),
        "ours" if finding.owned else "not ours",
        alerts.reason_text(finding.reason, watchdog),
        finding.status.value,
        finding.next,
        _when(finding.due_at, now),
    ]


def _table(header: list[str], rows: list[list[str]], out: TextIO) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    for line in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip(), file=out)


def _settings_text(watchdog: WatchdogSettings) -> str:
    return (
        f"input lost {watchdog.input_loss_minutes:g} min, no frames {watchdog.idle_minutes:g} min, "
        f"0 viewers {watchdog.no_viewers_minutes:g} min, grace {watchdog.grace_minutes:g} min, longest show "
        f"{watchdog.max_show_hours:g} h, dry run {'on' if watchdog.dry_run else 'off'}"
    )


def policy_line(report: SweepReport, watchdog: WatchdogSettings) -> str:
    """Whose watchdog settings a preview decided with, and how this shell's differ."""
    source = report.policy
    if source is None:
        return ""
    if source.recorded_at is None:
        return (
            "No sweep of this deployment has recorded its policy yet, so this preview used this shell's settings "
            f"({_settings_text(watchdog)}); the server's may differ."
        )
    at = f"{source.recorded_at:%Y-%m-%d %H:%M} UTC"
    line = f"Decided with the deployment's watchdog policy, as its sweep recorded it at {at}"
    if not source.differences:
        return line + " (the same as this shell's)."
    return line + ". This shell's settings differ: " + "; ".join(source.differences) + "."


def print_report(report: SweepReport, *, watchdog: WatchdogSettings, out: TextIO) -> None:
    mode = {Mode.ACT: "", Mode.DRY_RUN: " (dry-run setting: nothing changed)", Mode.PREVIEW: " (--preview)"}
    print(
        f"Sweep at {report.at:%Y-%m-%d %H:%M:%S} UTC{mode[report.mode]}: "
        f"{report.channels} channel(s), {report.inputs} input(s).",
        file=out,
    )
    policy = policy_line(report, watchdog)
    if policy:
        print(policy, file=out)
    print(file=out)
    if report.findings:
        header = ["kind", "id", "name", "state", "owner", "finding", "status", "next", "due"]
        _table(header, [_row(f, report.at, watchdog) for f in report.findings], out)
    else:
        print("Nothing to report: every channel and input is in use or healthy.", file=out)
    print(file=out)
    shown = [o for o in report.outcomes if o.action not in ("note", "forget")]
    if shown:
        rows = [
            [o.action, o.resource, o.resource_id, o.name[:32], "yes" if o.done else "no", o.error or o.note]
            for o in shown
        ]
        _table(["action", "kind", "id", "name", "done", "note"], rows, out)
    else:
        print("No actions.", file=out)
