"""APScheduler inside `shelcaster serve`: the jobs on their intervals, each coalesced and never overlapping."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.jobs.scheduled import ScheduledJobs
from core.config import CoreSettings

log = logging.getLogger(__name__)

FIRST_SWEEP_AFTER = timedelta(seconds=5)  # let the bot finish starting before the first sweep


def _safely(name: str, job: Callable[[], object]) -> Callable[[], None]:
    """A failing run is logged and the next one runs as planned."""

    def run() -> None:
        try:
            job()
        except Exception:
            log.exception("scheduled job %s failed; it runs again at its next time", name)

    return run


class ShowScheduler:
    def __init__(self, *, jobs: ScheduledJobs, settings: CoreSettings) -> None:
        self._jobs = jobs
        self._settings = settings
        # Coalesce: runs missed while one was slow become one run. One instance: a job never overlaps itself.
        self._scheduler = BackgroundScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}
        )

    def start(self) -> None:
        settings, jobs = self._settings, self._jobs
        every: list[tuple[str, Callable[[], object], float, datetime | None]] = [
            ("follow_up", jobs.follow_up, settings.follow_up.transitional_seconds, None),
            ("sweep", jobs.sweep, settings.watchdog.sweep_seconds, datetime.now(UTC) + FIRST_SWEEP_AFTER),
            ("costs", jobs.costs, settings.alerts.check_seconds, None),
        ]
        for name, job, seconds, first in every:
            extra = {"next_run_time": first} if first else {}
            self._scheduler.add_job(_safely(name, job), "interval", seconds=seconds, id=name, name=name, **extra)
        self._scheduler.start()
        log.info("scheduler started; lease holder id %s", jobs.lease.holder)

    def stop(self) -> None:
        """Stop scheduling and hand the lease on, so another replica takes over without waiting for expiry."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        try:
            self._jobs.lease.release()
        except Exception:
            log.warning("could not release the scheduler lease; it expires on its own", exc_info=True)

    def lease_state(self) -> str:
        """For /healthz: whether this replica runs the scheduled jobs."""
        return "held" if self._jobs.lease.is_held else "standby"
