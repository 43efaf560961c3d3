"""Reading and writing AWS requests the way botocore's service models describe them.

``Router`` maps a request (method, raw path, query) to an operation of a REST service, ``from_wire`` turns
a JSON body keyed by wire names into a dict keyed by the API's member names (what boto3 users write), and
``to_wire`` does the reverse for responses, dropping anything the output shape does not declare.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape


@functools.cache
def service_model(name: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(name)


@dataclass(frozen=True)
class _Route:
    operation: str
    method: str
    pattern: re.Pattern[str]
    labels: dict[str, str]  # regex group name -> member label as written in the template
    template_query: tuple[tuple[str, str | None], ...]  # from the template, e.g. "?uploads"
    member_query: tuple[str, ...]  # required members sent in the query string
    member_headers: tuple[str, ...]  # required members sent as headers (lower-case names)
    weight: tuple[int, int, int, int]  # higher wins when several templates match


def _compile(op: OperationModel) -> _Route:
    path, _, query = str(op.http["requestUri"]).partition("?")
    labels: dict[str, str] = {}
    regex = ""
    literal = 0
    greedy = 0
    for part in re.split(r"(\{[^}]+\})", path):
        if part.startswith("{"):
            label = part[1:-1]
            group = f"g{len(labels)}"
            labels[group] = label.rstrip("+")
            if label.endswith("+"):
                greedy += 1
                regex += f"(?P<{group}>.+)"
            else:
                regex += f"(?P<{group}>[^/]+)"
        else:
            literal += len(part)
            regex += re.escape(part)
    template: list[tuple[str, str | None]] = []
    for item in filter(None, query.split("&")):
        key, eq, value = item.partition("=")
        template.append((key, value if eq else None))
    # Required members sent in the query string or headers tell apart operations sharing a template
    # (S3 PutObject / CopyObject / UploadPart).
    member_query: list[str] = []
    member_headers: list[str] = []
    shape = op.input_shape
    if isinstance(shape, StructureShape):
        for name in shape.required_members:
            member = shape.members[name]
            location = member.serialization.get("location")
            if location == "querystring":
                member_query.append(_wire_name(name, member))
            elif location == "header":
                member_headers.append(_wire_name(name, member).lower())
    # Bucket-level S3 templates end in "/{Bucket}" while paths may end in "/": allow a trailing slash.
    pattern = re.compile(f"^{regex}/?$")
    specific = len(template) + len(member_query) + len(member_headers)
    weight = (specific, 0 if op.deprecated else 1, -greedy, literal)
    return _Route(
        op.name, op.http["method"], pattern, labels, tuple(template), tuple(member_query), tuple(member_headers), weight
    )


class Router:
    """Finds the operation of a REST-style service that a request addresses."""

    def __init__(self, service: str) -> None:
        model = service_model(service)
        self._routes = [_compile(model.operation_model(name)) for name in model.operation_names]

    def match(
        self, method: str, raw_path: str, query: dict[str, list[str]], headers: frozenset[str] = frozenset()
    ) -> tuple[str, dict[str, str]] | None:
        """Return (operation name, uri labels) for the best matching template, or None.

        ``headers`` holds the lower-case names of the request's headers. Required query/header members
        decide between templates; if no route has all of them, the template alone decides.
        """
        return self._best(method, raw_path, query, headers, strict=True) or self._best(
            method, raw_path, query, headers, strict=False
        )

    def _best(
        self, method: str, raw_path: str, query: dict[str, list[str]], headers: frozenset[str], strict: bool
    ) -> tuple[str, dict[str, str]] | None:
        best: tuple[tuple[int, int, int, int], str, dict[str, str]] | None = None
        for route in self._routes:
            if route.method != method:
                continue
            found = route.pattern.match(raw_path)
            if not found:
                continue
            if not all(k in query and (v is None or v in query[k]) for k, v in route.template_query):
                continue
            if strict and not (
                all(k in query for k in route.member_query) and all(h in headers for h in route.member_headers)
            ):
                continue
            if best is None or route.weight > best[0]:
                labels = {route.labels[g]: unquote(v) for g, v in found.groupdict().items()}
                best = (route.weight, route.operation, labels)
        return None if best is None else (best[1], best[2])


def _wire_name(name: str, shape: Shape) -> str:
    return str(shape.serialization.get("name", name))


def from_wire(shape: Shape | None, value: Any) -> Any:
    """JSON body value keyed by wire names -> value keyed by member names."""
    if shape is None or value is None:
        return value
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            key = _wire_name(name, member)
            if key in value:
                out[name] = from_wire(member, value[key])
        return out
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [from_wire(shape.member, item) for item in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: from_wire(shape.value, v) for k, v in value.items()}
    return value


def to_wire(shape: Shape | None, value: Any) -> Any:
    """Value keyed by member names -> JSON value keyed by wire names, per the (output) shape."""
    if shape is None or value is None:
        return value
    if isinstance(shape, StructureShape):
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location") or value.get(name) is None:
                continue
            out[_wire_name(name, member)] = to_wire(member, value[name])
        return out
    if isinstance(shape, ListShape):
        return [to_wire(shape.member, item) for item in value]
    if isinstance(shape, MapShape):
        return {k: to_wire(shape.value, v) for k, v in value.items()}
    if shape.type_name == "timestamp" and isinstance(value, dt.datetime):
        if shape.serialization.get("timestampFormat") == "iso8601":
            return iso_ms(value)
        return value.timestamp()
    return value


def iso_ms(when: dt.datetime) -> str:
    """``2026-11-24T10:00:01.000Z``: the millisecond UTC form AWS uses in schedules and playlists."""
    utc = when.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_time(text: str) -> float:
    """Seconds since the epoch of an ISO-8601 schedule time such as ``2026-11-24T10:00:00.000Z``."""
    when = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp()


def parse_request(op: OperationModel, labels: dict[str, str], query: dict[str, list[str]], body: Any) -> dict[str, Any]:
    """Build the member-named parameters of a REST-JSON request from its uri, query string and body."""
    shape = op.input_shape
    if shape is None:
        return {}
    params: dict[str, Any] = from_wire(shape, body if isinstance(body, dict) else {}) or {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = _wire_name(name, member)
        if location == "uri" and wire in labels:
            params[name] = labels[wire]
        elif location == "querystring" and wire in query:
            values = query[wire]
            if isinstance(member, ListShape):
                params[name] = values
            elif member.type_name in ("integer", "long"):
                params[name] = int(values[0])
            elif member.type_name == "boolean":
                params[name] = values[0] == "true"
            else:
                params[name] = values[0]
    return params
