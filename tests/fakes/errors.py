"""The domain errors the fakes raise, made the way the adapters make them: from the AWS error AWS would send,
through the adapters' own `translate`, so a fake's failure has the adapter's type, code and message."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from botocore.exceptions import ClientError, ParamValidationError
from botocore.model import StructureShape
from botocore.session import get_session
from botocore.validate import validate_parameters

from core.adapters.aws.errors import translate
from core.errors import ShelcasterError

STATUS = {
    "BadRequestException": 400,
    "ValidationException": 400,
    "ConditionalCheckFailedException": 400,
    "ParameterNotFound": 400,
    "NotFoundException": 404,
    "ResourceNotFoundException": 404,
    "NoSuchKey": 404,
    "ChannelNotBroadcasting": 404,
    "ConflictException": 409,
    "ServiceQuotaExceededException": 402,
    "UnprocessableEntityException": 422,
}


@cache
def input_shape(service: str, operation: str) -> StructureShape:
    shape = get_session().get_service_model(service).operation_model(operation).input_shape
    assert shape is not None
    return shape


def check_request(service: str, operation: str, params: Mapping[str, Any], action: str) -> None:
    """The check botocore's client makes of every request against the service model, failing as the adapter does."""
    try:
        validate_parameters(dict(params), input_shape(service, operation))
    except ParamValidationError as error:
        raise translate(error, action) from None


def response(code: str, message: str = "") -> dict[str, object]:
    """An error response as botocore parses it."""
    return {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": STATUS.get(code, 400)}}


def aws_error(code: str, action: str, message: str = "") -> ShelcasterError:
    """What the adapter raises when AWS answers `code` while it tries to `action`."""
    return translate(ClientError(response(code, message), "Fake"), action)  # type: ignore[arg-type]
