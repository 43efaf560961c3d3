"""The scheduled work: watchdog sweep, panel follow-up, cost alerts and the daily summary.

Each job runs only on the replica holding the scheduler lease. APScheduler (`shelcaster serve`) and the
Lambda `sweep` entry point call the same methods.
"""

from __future__ import annotations

import logging

from bot.jobs.follow_up import PanelFollowUp
from bot.slack_ui.alert_poster import AlertPoster
from core.watchdog.composition import WatchServices
from core.watchdog.events import Mode, SweepReport
from core.watchdog.lease import Lease

log = logging.getLogger(__name__)


class ScheduledJobs:
    def __init__(self, *, lease: Lease, watch: WatchServices, poster: AlertPoster, follow_up: PanelFollowUp) -> None:
        self.lease = lease
        self._watch = watch
        self._poster = poster
        self._follow_up = follow_up

    def sweep(self, mode: Mode | None = None) -> SweepReport | None:
        """One watchdog sweep, or None when another replica holds the lease (a preview needs no lease)."""
        if mode is not Mode.PREVIEW and not self.lease.renew():
            log.debug("sweep skipped: %s does not hold the scheduler lease", self.lease.holder)
            return None
        return self._watch.watchdog.sweep(notifier=self._poster, mode=mode, leader=self.lease.held)

    def follow_up(self) -> None:
        if self.lease.held():
            self._follow_up.tick()
        # Each replica redraws the Home tabs it drew (at most once a minute): who opened one is known only to it.
        self._follow_up.home_tabs()

    def costs(self) -> None:
        """Cost alerts crossed since the last look, and the daily summary once its hour has passed."""
        if not self.lease.held():
            return
        costs = self._watch.costs
        for alert in costs.due_alerts():
            self._poster.cost_alert(alert)
        end = costs.summary_due()
        if end is not None:
            self._poster.daily_summary(costs.daily_summary(end=end))

    def run_once(self) -> SweepReport | None:
        """Everything once (a scheduled Lambda invocation): the sweep, costs, then the panels."""
        report = self.sweep()
        if report is not None:
            self.costs()
            self.follow_up()
        return report
