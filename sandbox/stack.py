"""The whole local world: sandbox AWS (provisioned), the Slack stand-in, and settings for a bot to use them."""

from __future__ import annotations

import os
import shlex
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType

from sandbox.aws import AwsSandbox, SandboxTimings
from sandbox.provision import SandboxAccount, provision
from sandbox.slack import SlackStandIn

SIGNING_SECRET = "sandbox-signing-secret"  # noqa: S105 - a fixed dummy, only valid against the stand-in
BOT_TOKEN = "xoxb-sandbox-token"  # noqa: S105 - the stand-in's own dummy token
APP_TOKEN = "xapp-sandbox-token"  # noqa: S105 - the stand-in's app-level token, for Socket Mode
CREW_GROUP = "S0CREW"
ADMINS = "U0ADMIN"
STABLE_IDS = 14  # the MediaLive id seed of `shelcaster sandbox` and `demo`


@dataclass
class SandboxStack(AbstractContextManager["SandboxStack"]):
    aws_port: int = 0
    slack_port: int = 0
    timings: SandboxTimings = field(default_factory=SandboxTimings)
    poll_seconds: float = 0.25
    seed: int | None = STABLE_IDS  # the same ids on every run, so a saved environment stays valid
    aws: AwsSandbox | None = None
    slack: SlackStandIn | None = None
    account: SandboxAccount | None = None

    def start(self) -> SandboxStack:
        self.aws = AwsSandbox(port=self.aws_port, timings=self.timings, seed=self.seed)
        self.aws.start()
        self.slack = SlackStandIn(port=self.slack_port, bot_token=BOT_TOKEN, app_token=APP_TOKEN)
        self.slack.start()
        self.account = provision(self.aws.url)
        return self

    def stop(self) -> None:
        if self.slack:
            self.slack.stop()
        if self.aws:
            self.aws.stop()

    def __enter__(self) -> SandboxStack:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def environment(self, *, socket_mode: bool = False) -> dict[str, str]:
        """Every variable a bot needs to run against this sandbox (in Socket Mode, with its app-level token)."""
        assert self.account
        assert self.slack
        return {
            **self.account.environment(),
            "SLACK_API_URL": self.slack.api_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SHELCASTER_CREW_GROUP": CREW_GROUP,
            "SHELCASTER_ADMIN_USERS": ADMINS,
            "SHELCASTER_POLL_SECONDS": str(self.poll_seconds),
            "SHELCASTER_SEGMENT_SECONDS": str(max(1, round(self.timings.segment))),
        } | ({"SLACK_APP_TOKEN": APP_TOKEN} if socket_mode else {})

    def export_lines(self, *, socket_mode: bool = False) -> list[str]:
        """`export NAME=value` lines a shell can source to run a bot against this sandbox."""
        return [f"export {k}={shlex.quote(v)}" for k, v in self.environment(socket_mode=socket_mode).items()]

    def export(self, *, socket_mode: bool = False) -> None:
        """Put the environment into this process (boto3 reads credentials from it)."""
        os.environ.update(self.environment(socket_mode=socket_mode))
