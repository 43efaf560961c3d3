"""The composition root: settings in, a wired bot out. Nothing is built at import time."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.app import build_app, slack_client
from bot.config import BotSettings
from bot.desk import Desk
from bot.health import LeaseState, SlackAuth, readiness
from bot.panel import ControlPanel
from bot.roles import GroupMembers, Role, role_of
from core.aws.clients import AwsClients, build_clients
from core.aws.ivs import Ivs
from core.aws.medialive import MediaLive
from core.aws.s3 import ObjectStore
from core.clock import Clock, utc_now
from core.control import Control
from core.store import SessionStore
from core.takes import TakeCutter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    settings: BotSettings
    aws: AwsClients
    store: SessionStore
    control: Control
    slack: WebClient
    panel: ControlPanel
    desk: Desk
    app: App
    clock: Clock
    slack_auth: SlackAuth
    # Set by whoever attaches a scheduler (dataclasses.replace), so /healthz shows who holds the sweep lease.
    lease_state: LeaseState | None = None

    def health(self) -> dict[str, Any]:
        """Readiness: the store answers, Slack accepts the token (checked at most once a minute), lease state."""
        return readiness(ping_store=self.store.ping, slack=self.slack_auth, lease=self.lease_state)


def build_runtime(settings: BotSettings, *, clock: Clock = utc_now, lambda_mode: bool = False) -> Runtime:
    aws = build_clients(settings)
    store = SessionStore(aws.dynamodb, table=settings.table, clock=clock)
    medialive = MediaLive(
        aws.medialive, poll_seconds=settings.poll_seconds, timeout_seconds=settings.wait_timeout_seconds
    )
    cutter = TakeCutter(
        objects=ObjectStore(aws.s3, bucket=settings.recordings_bucket),
        live_prefix=settings.live_prefix,
        recordings_prefix=settings.recordings_prefix,
    )
    control = Control(settings=settings, store=store, medialive=medialive, ivs=Ivs(aws.ivs), cutter=cutter, clock=clock)
    client = slack_client(settings)
    panel = ControlPanel(client=client, control=control, rates=settings.rates, clock=clock)
    desk = Desk(control=control, panel=panel, rates=settings.rates, clock=clock)

    group = settings.crew_group

    def fetch_group() -> frozenset[str]:
        return frozenset(client.usergroups_users_list(usergroup=group).get("users", [])) if group else frozenset()

    members = GroupMembers(fetch_group)

    def roles(user: str) -> Role:
        return role_of(
            user,
            crew_users=settings.crew_user_ids,
            crew_group_members=members.get() if group else frozenset(),
            admins=settings.admin_user_ids,
            open_crew=settings.crew_is_open,
        )

    if settings.crew_is_open:
        log.warning("no crew configured (SHELCASTER_CREW_USERS / SHELCASTER_CREW_GROUP): everyone may act")
    app = build_app(
        settings=settings,
        client=client,
        desk=desk,
        role_of=roles,
        once=lambda key: store.claim_once(key),
        lambda_mode=lambda_mode,
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
    )
