"""Bot settings: the core's plus Slack's and the crew roles."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr

from core.config import CoreSettings


def _ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.replace(" ", ",").split(",") if part.strip())


class BotSettings(CoreSettings):
    slack_bot_token: SecretStr = Field(
        validation_alias=AliasChoices("SLACK_BOT_TOKEN"), description="the bot token (xoxb-...)"
    )
    slack_signing_secret: SecretStr = Field(
        validation_alias=AliasChoices("SLACK_SIGNING_SECRET"), description="the app's signing secret"
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN"), description="app-level token for Socket Mode"
    )
    slack_api_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_API_URL"), description="Web API base URL override"
    )
    crew_users: str = Field(default="", description="comma-separated Slack user ids who may act")
    crew_group: str = Field(default="", description="Slack user group id whose members may act")
    admin_users: str = Field(default="", description="comma-separated Slack user ids who may run admin commands")
    alert_channel: str = Field(default="", description="Slack channel id for alerts without a session")
    command: str = Field(default="/shelcaster", description="the slash command the app answers")
    shutdown_grace_seconds: float = Field(default=20.0, ge=0, description="how long SIGTERM waits for actions")
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR")

    @property
    def crew_user_ids(self) -> frozenset[str]:
        return _ids(self.crew_users)

    @property
    def admin_user_ids(self) -> frozenset[str]:
        return _ids(self.admin_users)

    @property
    def crew_is_open(self) -> bool:
        """With no crew configured, everyone in the channel may act (small teams); admins stay restricted."""
        return not self.crew_user_ids and not self.crew_group
