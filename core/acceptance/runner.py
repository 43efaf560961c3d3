"""`shelcaster check-aws`, orchestrated: refuse or plan, ask once, run each step, always clean up, then judge.

Decisions live here once (as in the watchdog): whether to run at all (another run, a live show of this
deployment), the confirmation, what a failed step means for the ones after it, and the cleanup, which runs
whatever happened (a failed step, an AWS error, Ctrl-C) inside `shield`, so a second Ctrl-C cannot cut it short.
A run that was killed outright leaves tagged resources the next run finds and removes first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Protocol

from core.acceptance import channel_steps, media_steps
from core.acceptance.context import Measured, RunContext
from core.acceptance.estimate import RunPlan, cost_lines, plan_run
from core.acceptance.leftovers import Leftover, RunCleanup, is_run, new_run_id
from core.acceptance.report import Facts, Outcome, Report, StepResult, StepStatus
from core.acceptance.revoke_step import revoke
from core.acceptance.run_lease import RunLease
from core.acceptance.verdicts import verdicts
from core.domain.channel_spec import SESSION_TAG, owned_by
from core.domain.costs import session_cost
from core.errors import ShelcasterError
from core.ports import MediaLivePort
from core.redact import redact

log = logging.getLogger(__name__)

Step = Callable[[], Measured]
_RESOURCES = ("medialive channel", "medialive input", "input security group", "ivs channel")


class ReportWriter(Protocol):
    def save(self, report: Report) -> None: ...


def _nothing() -> AbstractContextManager[None]:
    return nullcontext()


@dataclass(frozen=True, kw_only=True)
class AccountCheck:
    context: RunContext  # each run gets a copy with its own run id
    cleanup: RunCleanup
    reports: ReportWriter
    target: str  # the account the run uses, as the report names it

    def run(
        self,
        *,
        confirm: Callable[[RunPlan], bool],
        shield: Callable[[], AbstractContextManager[None]] = _nothing,
        on_step: Callable[[str], None] = lambda name: None,
    ) -> Report:
        run_id = new_run_id(self.context.clock)
        ctx = replace(self.context, run_id=run_id)
        report = Report(run_id=run_id, target=self.target, started_at=ctx.clock())
        ttl = timedelta(seconds=ctx.check.lease_seconds)
        try:
            with RunLease(ctx.core.store, deployment=ctx.settings.deployment, holder=run_id, ttl=ttl):
                leftovers = self.cleanup.find()
                busy = self._live_shows()
                if busy:
                    reason = "A show of this deployment is on air, and the check would compete with it: " + (
                        "; ".join(busy) + ". Run the check when no show is running."
                    )
                    return self._refused(report, reason)
                plan = plan_run(
                    run_id=run_id, settings=ctx.settings, check=ctx.check, leftovers=leftovers, now=ctx.clock()
                )
                if not confirm(plan):
                    return self._refused(report, "Not confirmed: nothing was created.")
                return self._steps(ctx, report, plan, shield=shield, on_step=on_step)
        except ShelcasterError as error:  # the lease is held, or AWS could not be read before anything was made
            return self._refused(report, str(error))

    def _refused(self, report: Report, reason: str) -> Report:
        return report.model_copy(
            update={"outcome": Outcome.REFUSED, "reason": reason, "finished_at": self.context.clock()}
        )

    def _live_shows(self) -> list[str]:
        """Channels of this deployment that are on air and are not a check run's (a crew's show)."""
        ctx = self.context
        medialive: MediaLivePort = ctx.core.medialive
        return [
            f"channel {c.id} ({c.name}) is {c.state.value}"
            for c in medialive.list_channels()
            if owned_by(c.tags, ctx.settings.deployment) and c.state.on_air and not is_run(c.tags.get(SESSION_TAG))
        ]

    def _sequence(self, ctx: RunContext, plan: RunPlan) -> list[tuple[str, Step]]:
        return [
            ("leftovers", lambda: self._remove_leftovers(plan.leftovers)),
            ("clip", lambda: channel_steps.clip(ctx)),
            ("create", lambda: channel_steps.create(ctx)),
            ("track", lambda: channel_steps.track(ctx)),
            ("start", lambda: channel_steps.start(ctx)),
            ("role", lambda: channel_steps.role(ctx)),
            ("recording", lambda: media_steps.recording(ctx)),
            ("take", lambda: media_steps.take(ctx)),
            ("switch", lambda: media_steps.switch(ctx)),
            ("metrics", lambda: media_steps.metrics(ctx)),
            ("revoke", lambda: revoke(ctx)),
            ("stop", lambda: channel_steps.stop(ctx)),
            ("delete", lambda: channel_steps.delete(ctx, lambda: self._still_tagged(ctx.run_id))),
        ]

    def _steps(
        self,
        ctx: RunContext,
        report: Report,
        plan: RunPlan,
        *,
        shield: Callable[[], AbstractContextManager[None]],
        on_step: Callable[[str], None],
    ) -> Report:
        steps: list[StepResult] = []
        facts = Facts()
        interrupted = False
        try:
            for name, step in self._sequence(ctx, plan):
                if interrupted or any(s.status is StepStatus.FAILED for s in steps):
                    steps.append(StepResult(name=name, status=StepStatus.SKIPPED))
                    continue
                try:
                    on_step(name)
                    measured = step()
                except KeyboardInterrupt:
                    interrupted = True
                    steps.append(StepResult(name=name, status=StepStatus.FAILED, error="interrupted (Ctrl-C)"))
                except Exception as error:  # a step's failure is reported; the run goes on to clean up
                    log.info("check-aws step %s failed", name, exc_info=not isinstance(error, ShelcasterError))
                    steps.append(StepResult(name=name, status=StepStatus.FAILED, error=_said(error)))
                else:
                    facts = facts.model_copy(update=measured.facts)
                    steps.append(
                        StepResult(name=name, status=StepStatus.OK, seconds=measured.seconds, found=measured.found)
                    )
        except KeyboardInterrupt:  # between two steps
            interrupted = True
        finally:
            with shield():
                cost, lines = self._cost(ctx)
                left = self._clean_up(ctx.run_id)
        steps.append(
            StepResult(
                name="cleanup",
                status=StepStatus.FAILED if left else StepStatus.OK,
                found=left or ["nothing tagged with the run id, no objects, no records"],
            )
        )
        return self._finished(report, steps, facts, cost=cost, lines=lines, left=left, interrupted=interrupted)

    def _finished(
        self,
        report: Report,
        steps: list[StepResult],
        facts: Facts,
        *,
        cost: float | None,
        lines: list[str],
        left: list[str],
        interrupted: bool,
    ) -> Report:
        failed = next((s for s in steps if s.status is StepStatus.FAILED), None)
        outcome = Outcome.INTERRUPTED if interrupted else Outcome.FAILED if failed else Outcome.PASSED
        reason = f"{failed.name}: {failed.error}" if failed and failed.error else ""
        if left:
            reason = (reason + "; " if reason else "") + "left behind: " + ", ".join(left)
        done = report.model_copy(
            update={
                "finished_at": self.context.clock(),
                "outcome": outcome,
                "reason": reason,
                "steps": steps,
                "facts": facts,
                "verdicts": verdicts(facts),
                "cost": cost,
                "cost_lines": lines,
                "leftovers": left,
            }
        )
        try:
            self.reports.save(done)
        except ShelcasterError as error:
            done = done.model_copy(update={"reason": (done.reason + "; " if done.reason else "") + str(error)})
        return done

    def _remove_leftovers(self, leftovers: list[Leftover]) -> Measured:
        runs = sorted({item.run_id for item in leftovers})
        left = [item for run in runs for item in self.cleanup.remove(run)]
        if left:
            raise ShelcasterError("Could not remove an earlier run's leftovers: " + ", ".join(left))
        found = [f"removed {len([i for i in leftovers if i.run_id == run])} leftover(s) of run {run}" for run in runs]
        return Measured(found=found or ["no earlier run left anything"])

    def _still_tagged(self, run_id: str) -> list[str]:
        return [str(item) for item in self.cleanup.find(run_id) if item.kind in _RESOURCES]

    def _cost(self, ctx: RunContext) -> tuple[float | None, list[str]]:
        """What the run's show cost, by the product's cost model over the times the run recorded."""
        try:
            session = ctx.core.store.get(ctx.session_id)
        except ShelcasterError:
            return None, []
        if session is None:
            return None, []
        now = session.ended_at or ctx.clock()
        cost = session_cost(session, now=now, rates=ctx.settings.rates)
        return round(cost.total, 2), cost_lines(cost, session.model_copy(update={"ended_at": now}), ctx.settings)

    def _clean_up(self, run_id: str) -> list[str]:
        try:
            return self.cleanup.remove(run_id)
        except ShelcasterError as error:
            return [f"cleanup could not finish: {error}"]


def _said(error: Exception) -> str:
    if isinstance(error, ShelcasterError):
        return str(error)
    return redact(f"{type(error).__name__}: {error}")[:300]
