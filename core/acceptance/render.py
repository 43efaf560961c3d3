"""The plan and the report as the person running `shelcaster check-aws` reads them (pure text)."""

from __future__ import annotations

from core.acceptance.estimate import RunPlan
from core.acceptance.report import Answer, Outcome, Report, StepStatus


def plan_text(plan: RunPlan, *, target: str) -> str:
    lines = [f"shelcaster check-aws: run {plan.run_id} on {target}."]
    if plan.leftovers:
        runs = sorted({item.run_id for item in plan.leftovers})
        lines.append(f"First it removes what {len(runs)} earlier run(s) left behind:")
        lines += [f"  - {item}" for item in plan.leftovers]
    lines.append("It creates, and removes at the end:")
    lines += [f"  - {item}" for item in plan.creates]
    lines.append(
        f"It takes about {plan.minutes:.0f} minutes (longer if MediaLive is slow to start) "
        f"and costs about ${plan.cost:.2f}, at the configured rates:"
    )
    lines += [f"  - {line}" for line in plan.cost_lines]
    return "\n".join(lines)


def _minutes(report: Report) -> str:
    if report.finished_at is None:
        return ""
    return f" in {(report.finished_at - report.started_at).total_seconds() / 60:.1f} min"


def report_text(report: Report) -> str:
    head = f"check-aws run {report.run_id} on {report.target}: {report.outcome.value.upper()}{_minutes(report)}"
    lines = [head]
    if report.outcome is Outcome.REFUSED:
        return "\n".join([*lines, report.reason])
    width = max((len(s.name) for s in report.steps), default=4)
    lines.append(f"{'step':<{width}}  {'status':<7}  {'time':>7}  what it found")
    for step in report.steps:
        seconds = f"{step.seconds:.1f} s" if step.seconds is not None else ""
        said = step.found if step.status is StepStatus.OK else [step.error or ""] if step.error else []
        if step.status is StepStatus.FAILED and step.found:
            said = [*said, *step.found]
        first, *rest = said or [""]
        lines.append(f"{step.name:<{width}}  {step.status.value:<7}  {seconds:>7}  {first}".rstrip())
        lines += [f"{'':<{width}}  {'':<7}  {'':>7}  {more}" for more in rest]
    lines += ["", "What the product relies on:"]
    for verdict in report.verdicts:
        lines.append(f"  {verdict.answer.value:<12}  {verdict.behaviour}: {verdict.evidence}")
        if verdict.answer is Answer.NO and verdict.instead:
            lines.append(f"  {'':<12}  the bot: {verdict.instead}")
    if report.cost is not None:
        lines += ["", f"Cost of this run: ${report.cost:.2f} (from the measured times, at the configured rates)"]
        lines += [f"  {line}" for line in report.cost_lines]
    if report.reason:
        lines += ["", f"{report.outcome.value.capitalize()}: {report.reason}"]
    return "\n".join(lines)
