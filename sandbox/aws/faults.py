"""Fault injection, and telling which AWS service and operation an HTTP request addresses.

A registered fault answers the next ``times`` matching HTTP requests with an error before the request
reaches any backend. Every attempt counts: botocore retries 5xx and throttling errors (three attempts in
standard mode), so a retryable fault with ``times=1`` is invisible to the caller, and ``times=3`` makes
one boto3 call fail in standard mode.
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from botocore.exceptions import UnknownServiceError

from .wire import Router, service_model

# SigV4 signing names that differ from botocore's service names.
_SIGNING_ALIASES = {"monitoring": "cloudwatch", "email": "ses", "states": "stepfunctions"}
_CREDENTIAL = re.compile(r"Credential=[^/\s,]+/\d{8}/[^/\s,]+/([^/\s,]+)/aws4_request")
_CBOR_PATH = re.compile(r"/service/[^/]+/operation/([^/?]+)")


@dataclass
class Fault:
    service: str
    operation: str
    status: int
    code: str
    message: str
    remaining: int


def signing_service(environ: dict[str, Any]) -> str | None:
    """The service named in the SigV4 credential scope (header, or query string for presigned URLs)."""
    source = environ.get("HTTP_AUTHORIZATION") or ""
    if "Credential=" not in source:
        source = environ.get("QUERY_STRING", "").replace("X-Amz-Credential=", "Credential=")
        source = source.replace("%2F", "/").replace("%2f", "/")
    found = _CREDENTIAL.search(source)
    if not found:
        return None
    return _SIGNING_ALIASES.get(found.group(1), found.group(1))


def raw_path(environ: dict[str, Any]) -> str:
    """The request path as sent, still percent-encoded (ARNs in IVS paths contain encoded slashes)."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
    return str(uri).split("?", 1)[0] or "/"


def read_body(environ: dict[str, Any]) -> bytes:
    """Read the request body and put it back so the next WSGI layer can read it too."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body: bytes = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


@functools.cache
def router(service: str) -> Router:
    return Router(service)


def operation_name(service: str, environ: dict[str, Any]) -> str | None:
    """The botocore operation name of a request to ``service``, or None when it cannot be told."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return str(target).rsplit(".", 1)[-1]
    path = raw_path(environ)
    cbor = _CBOR_PATH.search(path)
    if cbor:
        return cbor.group(1)
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if "Action" in query:
        return str(query["Action"][0])
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qs(read_body(environ).decode("utf-8", "replace"))
        if "Action" in form:
            return str(form["Action"][0])
    try:
        protocol = service_model(service).protocol
    except UnknownServiceError:
        return None
    if not protocol.startswith("rest"):
        return None
    found = router(service).match(str(environ.get("REQUEST_METHOD", "GET")), path, query, header_names(environ))
    return None if found is None else found[0]


def header_names(environ: dict[str, Any]) -> frozenset[str]:
    """Lower-case names of the request headers in a WSGI environ."""
    names = {k[5:].replace("_", "-").lower() for k in environ if k.startswith("HTTP_")}
    names.update(k.replace("_", "-").lower() for k in ("CONTENT_TYPE", "CONTENT_LENGTH") if k in environ)
    return frozenset(names)


class FaultRegistry:
    """Pending faults per (service, operation); thread-safe, consumed one per matching request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[tuple[str, str], deque[Fault]] = {}

    def add(self, service: str, operation: str, status: int, code: str, message: str, times: int) -> None:
        try:
            names = service_model(service).operation_names
        except UnknownServiceError as exc:
            raise ValueError(f"unknown service {service!r}") from exc
        if operation not in names:
            raise ValueError(f"{service} has no operation {operation!r}")
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if times < 1:
            raise ValueError("times must be at least 1")
        fault = Fault(service, operation, status, code, message, times)
        with self._lock:
            self._faults.setdefault((service, operation), deque()).append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending_for(self, service: str) -> bool:
        with self._lock:
            return any(key[0] == service for key in self._faults)

    def take(self, service: str, operation: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get((service, operation))
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.popleft()
                if not queue:
                    del self._faults[(service, operation)]
            return fault


def _cbor_text(text: str) -> bytes:
    data = text.encode()
    return _cbor_head(3, len(data)) + data


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    if length < 256:
        return bytes([major << 5 | 24, length])
    return bytes([major << 5 | 25]) + length.to_bytes(2, "big")


def render_fault(fault: Fault, environ: dict[str, Any]) -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body of the error in the wire protocol the request used."""
    request_id = str(uuid.uuid4())
    headers = [("x-amzn-RequestId", request_id), ("x-amzn-ErrorType", fault.code)]
    code, message = escape(fault.code), escape(fault.message)
    if _CBOR_PATH.search(raw_path(environ)):
        body = _cbor_head(5, 2) + _cbor_text("__type") + _cbor_text(fault.code)
        body += _cbor_text("message") + _cbor_text(fault.message)
        return [*headers, ("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")], body
    protocol = service_model(fault.service).protocol
    if environ.get("HTTP_X_AMZ_TARGET") or protocol in ("json", "rest-json"):
        text = json.dumps({"__type": fault.code, "message": fault.message, "Message": fault.message})
        return [*headers, ("Content-Type", "application/json")], text.encode()
    if protocol == "rest-xml":
        xml = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{request_id}</RequestId></Error>"
    else:
        xml = (
            f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
            f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        )
    return [*headers, ("Content-Type", "text/xml")], ('<?xml version="1.0" encoding="UTF-8"?>' + xml).encode()
