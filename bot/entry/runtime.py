"""The composition root: settings in, a wired bot out. Nothing is built at import time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.actions.desk import Desk
from bot.actions.roles import GroupMembers, Role, role_of
from bot.entry.acks_first import AcksFirst
from bot.entry.app import build_app, slack_client
from bot.entry.config import BotSettings
from bot.entry.health import LeaseState, SlackAuth, SocketState, readiness
from bot.entry.workpool import WorkPool
from bot.jobs.follow_up import PanelFollowUp
from bot.jobs.scheduled import ScheduledJobs
from bot.slack_ui.alert_poster import AlertPoster
from bot.slack_ui.panel import ControlPanel
from core.adapters.aws.clients import AwsClients, build_clients
from core.clock import Clock, utc_now
from core.composition import CoreServices, build_services
from core.ports import SessionStorePort
from core.show.lifecycle import Control
from core.watchdog.composition import WatchServices, build_watch_services
from core.watchdog.lease import Lease, holder_id, scheduler_lease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    settings: BotSettings
    aws: AwsClients
    store: SessionStorePort
    control: Control
    slack: WebClient
    panel: ControlPanel
    desk: Desk
    app: App
    clock: Clock
    slack_auth: SlackAuth
    watch: WatchServices
    jobs: ScheduledJobs
    core: CoreServices
    pool: WorkPool
    # Set by whoever attaches a scheduler (dataclasses.replace), so /healthz shows who holds the sweep lease.
    lease_state: LeaseState | None = None
    # Set in Socket Mode, so /healthz says whether the websocket to Slack is up.
    socket_state: SocketState | None = None

    def health(self) -> dict[str, Any]:
        """Readiness: the store answers, Slack accepts the token (checked at most once a minute), the Socket
        Mode connection is up (in Socket Mode), lease state."""
        return readiness(
            ping_store=self.store.ping, slack=self.slack_auth, lease=self.lease_state, socket=self.socket_state
        )


def build_runtime(settings: BotSettings, *, clock: Clock = utc_now, lambda_mode: bool = False) -> Runtime:
    # One request at a time on Lambda: nothing to share the interpreter with.
    acks_first = None if lambda_mode else AcksFirst()
    aws = build_clients(settings, gate=acks_first)
    services = build_services(settings, aws, clock=clock)
    store, control = services.store, services.control
    client = slack_client(settings, acks_first=acks_first)
    # Crew work waits for a pause in the requests before it starts, as each of its AWS and Slack calls does.
    pool = WorkPool(turn=acks_first.turn if acks_first is not None else None)
    panel = ControlPanel(client=client, control=control, rates=settings.rates, clock=clock)
    watch = build_watch_services(settings, aws, core=services, clock=clock)
    poster = AlertPoster(
        client=client, panel=panel, alert_channel=settings.alert_channel, watchdog=settings.watchdog, clock=clock
    )
    desk = Desk(
        core=services,
        panel=panel,
        rates=settings.rates,
        clock=clock,
        stopping=pool.stopping,
        watch=watch.controls,
        poster=poster,
        keep_minutes=settings.watchdog.keep_minutes,
    )
    jobs = ScheduledJobs(
        lease=Lease(
            store,
            name=scheduler_lease(settings.deployment),
            holder=holder_id(),
            ttl=timedelta(seconds=settings.watchdog.lease_seconds),
            clock=clock,
        ),
        watch=watch,
        poster=poster,
        follow_up=PanelFollowUp(store=store, control=control, panel=panel, settings=settings.follow_up, clock=clock),
    )

    group = settings.crew_group

    def fetch_group() -> frozenset[str]:
        return frozenset(client.usergroups_users_list(usergroup=group).get("users", [])) if group else frozenset()

    group_members = GroupMembers(fetch_group)
    if group and not lambda_mode:
        try:  # the first lookup waits for Slack: let it be now, not inside the first ack
            group_members.get()
        except Exception as error:  # Slack may be briefly unreachable; the first command then asks again
            log.warning("could not read the crew group yet (%s); the first command will", type(error).__name__)

    # Read once: every ack asks for a role, and the settings do not change while the bot runs.
    crew, admins, open_crew = settings.crew_user_ids, settings.admin_user_ids, settings.crew_is_open

    def roles(user: str) -> Role:
        members = group_members.get() if group else frozenset()
        return role_of(user, crew_users=crew, crew_group_members=members, admins=admins, open_crew=open_crew)

    if settings.crew_is_open:
        log.warning("no crew configured (SHELCASTER_CREW_USERS / SHELCASTER_CREW_GROUP): everyone may act")
    app = build_app(
        settings=settings,
        client=client,
        desk=desk,
        role_of=roles,
        once=lambda key: store.claim_once(key),
        pool=None if lambda_mode else pool,
        acks_first=acks_first,
    )
    return Runtime(
        settings=settings,
        aws=aws,
        store=store,
        control=control,
        slack=client,
        panel=panel,
        desk=desk,
        app=app,
        clock=clock,
        slack_auth=SlackAuth(client, clock=clock),
        watch=watch,
        jobs=jobs,
        core=services,
        pool=pool,
    )
