"""One watchdog sweep: gather the facts in few calls, decide (pure), then act. Dry run is decided here, once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from core.clock import Clock
from core.config import CoreSettings, WatchdogSettings
from core.domain.channel_spec import SESSION_TAG
from core.domain.health import AlertFact, AlertKind
from core.domain.session import ChannelState
from core.errors import ShelcasterError
from core.ports import IvsPort, MediaLivePort, SecretsPort, SessionStorePort
from core.show.health import AlertsPort
from core.watchdog.cleanup import Cleanup
from core.watchdog.events import ActionOutcome, EventKind, Mode, Notifier, PolicySource, SweepReport, WatchEvent
from core.watchdog.executor import SweepActions, describe, outcome
from core.watchdog.leftover_policy import key_path, owned_leftovers
from core.watchdog.leftovers import LeftoverRemoval
from core.watchdog.marks import MarkChanged, WatchMarks
from core.watchdog.plan import Action, Facts, Policy
from core.watchdog.policy import alert_suspects, decide

log = logging.getLogger(__name__)

_ENCODING = (ChannelState.RUNNING, ChannelState.RECOVERING)
T = TypeVar("T")


class InputSignals(Protocol):
    def last_input(
        self, pipelines: Mapping[str, int], *, start: datetime, end: datetime
    ) -> dict[str, datetime | None]: ...


def _always() -> bool:
    return True


def policy_differences(here: WatchdogSettings, there: WatchdogSettings) -> tuple[str, ...]:
    """`idle_minutes: 30 here, 10 in the deployment`, for each setting that differs."""
    mine, theirs = here.model_dump(), there.model_dump()
    return tuple(f"{k}: {mine[k]} here, {theirs[k]} in the deployment" for k in mine if mine[k] != theirs[k])


def alerts_tell_video(alerts: Iterable[AlertFact]) -> bool:
    """The set alerts say whether video arrives: there is an input-loss alert, or none we cannot classify. One we
    cannot classify may be an input loss worded in a way we do not know, so then the metrics decide: the absence
    of a recognised alert never keeps a channel with no video running."""
    kinds = {a.kind for a in alerts}
    return AlertKind.INPUT_LOSS in kinds or AlertKind.OTHER not in kinds


def _earliest_loss(alerts: Iterable[AlertFact]) -> datetime | None:
    """When the earliest SET input-loss alert was set; None when none is (video is arriving)."""
    return min((a.set_at for a in alerts if a.kind is AlertKind.INPUT_LOSS), default=None)


def _listed(kind: str, listing: Callable[[], Iterable[T]]) -> list[T]:
    """A leftover kind that cannot be listed (a permission not granted yet, say) must not keep the sweep from
    the channels, which cost money: it is logged and looked at again by the next sweep."""
    try:
        return list(listing())
    except ShelcasterError as error:
        log.warning("watchdog: could not list the %s, left for the next sweep: %s", kind, error)
        return []


@dataclass(frozen=True, kw_only=True)
class Sweeper:
    settings: CoreSettings
    medialive: MediaLivePort
    ivs: IvsPort
    secrets: SecretsPort
    store: SessionStorePort
    marks: WatchMarks
    signals: InputSignals
    cleanup: Cleanup
    clock: Clock
    alerts: AlertsPort | None = None  # without it, only the metrics tell when video stopped

    def watchdog_settings(self, mode: Mode) -> tuple[WatchdogSettings, PolicySource | None]:
        """A real sweep runs with its own settings (and records them); a preview with the deployment's, as its
        sweeps recorded them, so a shell with other settings decides as the server would."""
        own = self.settings.watchdog
        if mode is not Mode.PREVIEW:
            return own, None
        recorded = self.marks.recorded_policy()
        if recorded is None:
            return own, PolicySource(recorded_at=None)
        return recorded.watchdog, PolicySource(recorded.at, policy_differences(own, recorded.watchdog))

    def policy(self, mode: Mode, watchdog: WatchdogSettings | None = None) -> Policy:
        # A preview shows what the configured sweep would do, so it reads marks as that sweep would.
        watchdog = watchdog or self.settings.watchdog
        dry = watchdog.dry_run if mode is Mode.PREVIEW else mode is Mode.DRY_RUN
        settings = self.settings
        shared = [settings.input_security_group_id]  # the host's group: every show's input uses it
        return Policy.of(watchdog, deployment=settings.deployment, dry_run=dry, shared=shared)

    def facts(self, policy: Policy, *, metric_period_seconds: int | None = None) -> Facts:
        """Two waves of concurrent calls: the lists (the live streams' viewer counts among them) and the marks,
        then the sessions and the input metrics; then, only for channels of live shows whose video the metrics show
        gone for nearly the input-loss threshold, their alerts (ListAlerts, one per channel).

        Calls grow with pages (1,000 channels, inputs or security groups, 100 IVS channels or streams, 50 stored
        keys per list page, 100 sessions per read, 500 pipelines per metrics query), never one per resource.
        """
        now = self.clock()
        path = key_path(self.settings.deployment)
        with ThreadPoolExecutor(max_workers=16, thread_name_prefix="sweep") as pool:
            listed_channels = pool.submit(lambda: list(self.medialive.list_channels()))
            listed_inputs = pool.submit(lambda: list(self.medialive.list_inputs()))
            listed_ivs = pool.submit(_listed, "IVS channels", self.ivs.list_channels)
            listed_groups = pool.submit(_listed, "input security groups", self.medialive.list_security_groups)
            listed_keys = pool.submit(_listed, "stored platform keys", lambda: self.secrets.names(path))
            listed_marks = pool.submit(self.marks.all)
            listed_viewers = pool.submit(self._viewers)
            channels, inputs = listed_channels.result(), listed_inputs.result()
            ivs, groups, keys = listed_ivs.result(), listed_groups.result(), listed_keys.result()
            ours = [c for c in channels if policy.owns(c.tags)]
            spare = [i for i in inputs if policy.owns(i.tags) and not i.attached_channels]
            tagged = {c.tags.get(SESSION_TAG, "") for c in ours} | {i.tags.get(SESSION_TAG, "") for i in spare}
            leftovers = owned_leftovers(ivs_channels=ivs, security_groups=groups, parameters=keys, policy=policy)
            wanted = sorted((tagged | {f.session_id for f in leftovers}) - {""})
            reads = [pool.submit(self.store.get_many, wanted[n : n + 100]) for n in range(0, len(wanted), 100)]
            encoding = {c.id: c.pipelines_running for c in ours if c.state in _ENCODING}
            period = metric_period_seconds or self.settings.watchdog.metric_period_seconds
            since = now - policy.idle - timedelta(seconds=period)
            signals = pool.submit(self.signals.last_input, encoding, start=since, end=now) if encoding else None
            on_air = {c.tags.get(SESSION_TAG) for c in ours if c.state.on_air} - {None, ""}
            streams = {c.arn for c in ivs if policy.owns(c.tags) and c.tags.get(SESSION_TAG) in on_air}
            sessions = {k: v for read in reads for k, v in read.result().items()}
            last_input = signals.result() if signals else {}
            marks = listed_marks.result()
            counted = listed_viewers.result()
            viewers = {arn: n for arn, n in (counted or {}).items() if arn in streams}
            known = counted is not None
            found = Facts(now, channels, inputs, sessions, marks, last_input, since, ivs, groups, keys, viewers, known)
            # Few channels, each costing money: their alerts say to the second when video stopped, or that it is back.
            checks = [(c, pool.submit(self._alerts, c)) for c in alert_suspects(found, policy)]
            input_lost = {
                c: _earliest_loss(alerts)
                for c, read in checks
                if (alerts := read.result()) is not None and alerts_tell_video(alerts)
            }
        return replace(found, input_lost=input_lost)

    def _alerts(self, channel_id: str) -> list[AlertFact] | None:
        """The channel's SET alerts (ListAlerts); None when they cannot be read, leaving it to the metrics."""
        if self.alerts is None:
            return None
        try:
            return self.alerts.active_alerts(channel_id)
        except ShelcasterError as error:
            log.warning("watchdog: could not read the alerts of %s: %s", channel_id, error)
            return None

    def _viewers(self) -> dict[str, int] | None:
        """Every live stream's viewer count (ListStreams, a page per 100 streams); None when they cannot be read:
        left for the next sweep, and no show is judged by its audience meanwhile."""
        try:
            return self.ivs.live_viewers()
        except ShelcasterError as error:
            log.warning("watchdog: could not count the viewers of the live streams: %s", error)
            return None

    def sweep(
        self, *, notifier: Notifier, mode: Mode | None = None, leader: Callable[[], bool] = _always
    ) -> SweepReport:
        """`leader` is asked before each action: a replica that lost the lease stops acting at once."""
        mode = mode or (Mode.DRY_RUN if self.settings.watchdog.dry_run else Mode.ACT)
        watchdog, source = self.watchdog_settings(mode)
        if mode is not Mode.PREVIEW:
            self.marks.record_policy(watchdog)
        policy = self.policy(mode, watchdog)
        facts = self.facts(policy, metric_period_seconds=watchdog.metric_period_seconds)
        decision = decide(facts, policy)
        actions = SweepActions(
            store=self.store,
            marks=self.marks,
            cleanup=self.cleanup,
            leftovers=LeftoverRemoval(store=self.store, medialive=self.medialive, ivs=self.ivs, secrets=self.secrets),
            rates=self.settings.rates,
            notifier=notifier,
            dry_run=mode is Mode.DRY_RUN,
        )
        outcomes: list[ActionOutcome] = []
        for action in decision.actions:
            if mode is Mode.PREVIEW:
                outcomes.append(outcome(action, done=False, note="preview"))
            elif not leader():
                outcomes.append(outcome(action, done=False, note="not run: this replica lost the scheduler lease"))
            else:
                outcomes.append(self._run(actions, action, facts.now, mode))
        report = SweepReport(
            facts.now, mode, len(facts.channels), len(facts.inputs), decision.findings, tuple(outcomes), source
        )
        log.info(
            "watchdog sweep: %d channel(s), %d input(s), %d finding(s), %d action(s), %d failed",
            report.channels,
            report.inputs,
            len(report.findings),
            len(report.outcomes),
            len(report.failed),
            extra={"mode": mode.value},
        )
        return report

    def _run(self, actions: SweepActions, action: Action, now: datetime, mode: Mode) -> ActionOutcome:
        verb, kind, resource_id, name = describe(action)
        try:
            done = actions.run(action, now=now)
        except MarkChanged:
            log.info("watchdog: %s %s %s: another sweep got there first", verb, kind, resource_id)
            return outcome(action, done=False, note="another sweep got there first")
        except ShelcasterError as error:
            log.warning("watchdog: %s %s %s failed: %s", verb, kind, resource_id, error)
            session = getattr(action, "session", None)
            event = WatchEvent(
                kind=EventKind.FAILED,
                resource=kind,
                resource_id=resource_id,
                name=name,
                reason=getattr(action, "reason", None),
                session=session,
                then=verb,
                error=str(error),
            )
            actions.tell(event)
            return outcome(action, done=False, error=str(error))
        if verb not in ("note", "forget"):
            extra = {"reason": done.reason, "done": done.done, "mode": mode.value}
            log.info("watchdog: %s %s %s %s", verb, kind, resource_id, done.note, extra=extra)
        return done
