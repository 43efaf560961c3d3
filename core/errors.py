"""Domain errors. Each carries a message a producer can act on; raw AWS dumps never reach the crew."""

from __future__ import annotations


class ShelcasterError(Exception):
    """Base for every error the crew may see. `str(err)` is the crew-facing message."""

    retryable: bool = False


class ConfigError(ShelcasterError):
    """Settings are missing or malformed; the message names the variable."""


class NoSession(ShelcasterError):
    """The chat channel has no current session."""


class SessionEnded(ShelcasterError):
    """The session was ended; its resources are gone."""


class NotReady(ShelcasterError):
    """The channel is in a state that cannot take this action yet (starting, stopping...)."""

    retryable = True


class Busy(ShelcasterError):
    """Another action on the same session is in progress."""

    retryable = True


class NeedsConfirmation(ShelcasterError):
    """The action has a cost the crew must accept first (e.g. a brief channel restart)."""

    def __init__(self, message: str, *, confirm_as: str) -> None:
        super().__init__(message)
        self.confirm_as = confirm_as


class InvalidRequest(ShelcasterError):
    """The crew asked for something that cannot be done as asked."""


class ResourceMissing(ShelcasterError):
    """An AWS resource the session relies on no longer exists."""


class AwsFailure(ShelcasterError):
    """AWS refused or failed; `reference` ties the message to the log line."""

    def __init__(self, message: str, *, code: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class ConcurrentUpdate(ShelcasterError):
    """The session kept changing under us; nothing was overwritten."""

    retryable = True
