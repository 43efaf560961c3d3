"""Modelled AWS errors, raised by the sandbox's MediaLive and IVS handlers.

They are moto ``JsonRESTError`` subclasses, so they render the REST-JSON error shape botocore parses:
the code travels in ``x-amzn-ErrorType`` and ``__type``, the message under the member name the service
model uses.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.exceptions import JsonRESTError


class SandboxError(JsonRESTError):
    error_code = "InternalServerErrorException"
    status = 500

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(self.error_code, message)
        self.code = self.status
        body: dict[str, Any] = {"__type": self.error_code, "message": message, **extra}
        self.description = json.dumps(body)


# --- MediaLive -------------------------------------------------------------------------------------


class BadRequest(SandboxError):
    error_code = "BadRequestException"
    status = 400


class NotFound(SandboxError):
    error_code = "NotFoundException"
    status = 404


class Conflict(SandboxError):
    error_code = "ConflictException"
    status = 409


class Unprocessable(SandboxError):
    error_code = "UnprocessableEntityException"
    status = 422

    def __init__(self, message: str, errors: list[tuple[str, str]] | None = None) -> None:
        details = [{"elementPath": path, "errorMessage": text} for path, text in errors or []]
        super().__init__(message, validationErrors=details)


class NotModelled(SandboxError):
    """An operation the service has but the sandbox does not model; 501 so botocore won't retry it."""

    error_code = "NotImplemented"
    status = 501


# --- IVS -------------------------------------------------------------------------------------------


class IvsError(SandboxError):
    def __init__(self, message: str) -> None:
        # IVS models its message as ``exceptionMessage``; botocore reads ``message``. Send both.
        super().__init__(message, exceptionMessage=message)


class ResourceNotFound(IvsError):
    error_code = "ResourceNotFoundException"
    status = 404


class IvsConflict(IvsError):
    error_code = "ConflictException"
    status = 409


class ChannelNotBroadcasting(IvsError):
    error_code = "ChannelNotBroadcasting"
    status = 404


class IvsValidation(IvsError):
    error_code = "ValidationException"
    status = 400


class ServiceQuotaExceeded(IvsError):
    error_code = "ServiceQuotaExceededException"
    status = 402
