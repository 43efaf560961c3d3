"""Turn botocore failures into domain errors with a message a producer understands."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import overload

from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, WaiterError

from core.errors import AwsFailure, NotReady, ResourceMissing, ShelcasterError
from core.redact import redact

log = logging.getLogger(__name__)

_MISSING = {
    "NotFoundException",
    "ResourceNotFoundException",
    "NoSuchKey",
    "NoSuchBucket",
    "ParameterNotFound",
}
_CONFLICT = {"ConflictException"}
_THROTTLED = {
    "TooManyRequestsException",
    "ThrottlingException",
    "Throttling",
    "SlowDown",
    "RequestLimitExceeded",
}
_DENIED = {"AccessDenied", "AccessDeniedException", "ForbiddenException", "UnauthorizedException"}
_QUOTA = {"ServiceQuotaExceededException", "LimitExceededException"}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def translate(error: Exception, action: str) -> ShelcasterError:
    """Map one AWS failure while trying to `action` (e.g. "start the channel") to a domain error."""
    if isinstance(error, ClientError):
        code = error_code(error)
        detail = redact(str(error.response.get("Error", {}).get("Message", "")))[:300]
        if code in _MISSING:
            return ResourceMissing(f"Could not {action}: it no longer exists in AWS.")
        if code in _CONFLICT:
            return NotReady(f"Could not {action}: the channel is changing state. Try again in a minute.")
        if code in _THROTTLED:
            return AwsFailure(
                f"Could not {action}: AWS is throttling requests. Try again shortly.",
                code=code,
                retryable=True,
            )
        if code in _DENIED:
            return AwsFailure(
                f"Could not {action}: the bot's AWS role is not allowed to ({code}). "
                "An admin should run `shelcaster doctor`.",
                code=code,
            )
        if code in _QUOTA or "limit" in detail.lower():
            return AwsFailure(
                f"Could not {action}: an AWS quota is reached ({detail or code}). "
                "End unused shows or ask for a higher quota.",
                code=code,
            )
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        if status >= 500:
            return AwsFailure(f"Could not {action}: AWS had an internal error. Try again.", code=code, retryable=True)
        return AwsFailure(f"Could not {action}: AWS said {detail or code}.", code=code)
    if isinstance(error, WaiterError):
        return AwsFailure(
            f"Could not {action}: AWS did not reach the expected state in time.",
            code="Timeout",
            retryable=True,
        )
    if isinstance(error, EndpointConnectionError):
        return AwsFailure(f"Could not {action}: AWS could not be reached.", code="Unreachable", retryable=True)
    return AwsFailure(f"Could not {action}: {type(error).__name__}.", code=type(error).__name__, retryable=True)


def _code(error: BotoCoreError | ClientError) -> str:
    """AWS's error code, also when a waiter gave up on one."""
    if isinstance(error, ClientError):
        return error_code(error)
    if isinstance(error, WaiterError):
        return str((error.last_response or {}).get("Error", {}).get("Code", ""))
    return ""


@overload
def aws_call(action: str) -> AbstractContextManager[None, None]: ...
@overload
def aws_call(action: str, *, ok_if: Collection[str]) -> AbstractContextManager[None, bool]: ...
def aws_call(action: str, *, ok_if: Collection[str] = ()) -> AbstractContextManager[None, bool | None]:
    """Wrap one AWS call while trying to `action`; botocore has already retried what is retryable.

    A failure becomes the domain error `translate` gives. A code in `ok_if` (say the resource is already
    gone) means there is nothing to do: the rest of the block is skipped and the code after it runs, so
    `with aws_call("look up the input", ok_if=GONE): return ...` followed by `return None` reads "None
    when it is gone". Type checkers know the block may end early only when `ok_if` is given.
    """
    return _call(action, ok_if)


@contextmanager
def _call(action: str, ok_if: Collection[str]) -> Iterator[None]:
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        if _code(error) in ok_if:
            return
        log.warning("aws call failed: %s: %s", action, redact(str(error))[:500])
        raise translate(error, action) from None
