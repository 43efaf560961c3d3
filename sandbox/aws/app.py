"""The sandbox's WSGI application, in front of moto's.

Order per request: control endpoints (``/_sandbox/...``), then injected faults, then the sandbox's own
MediaLive and IVS implementations, and everything else (S3, DynamoDB, SSM, STS, IAM, CloudWatch, ...)
goes to moto unchanged. MediaLive and IVS are served here rather than by moto's loose models so that
state rules, tags, schedules and stream keys behave as AWS does.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import constraints, ivs_api, medialive_api
from .control import SandboxControlError
from .errors import BadRequest, IvsValidation, SandboxError
from .faults import header_names, operation_name, raw_path, read_body, render_fault, router, signing_service
from .wire import parse_request, service_model, to_wire

if TYPE_CHECKING:
    from .server import AwsSandbox

log = logging.getLogger(__name__)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_OWN = ("medialive", "ivs")


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Error"


def _reply(start: StartResponse, code: int, headers: list[tuple[str, str]], body: bytes) -> Iterable[bytes]:
    start(_status(code), [*headers, ("Content-Length", str(len(body)))])
    return [body]


def _json(start: StartResponse, code: int, payload: dict[str, Any]) -> Iterable[bytes]:
    return _reply(start, code, [("Content-Type", "application/json")], json.dumps(payload).encode())


def _invalid(service: str) -> type[SandboxError]:
    """The error a service answers a malformed or invalid request with."""
    return BadRequest if service == "medialive" else IvsValidation


class SandboxApp:
    def __init__(self, sandbox: AwsSandbox) -> None:
        self._sandbox = sandbox
        self._moto = DomainDispatcherApplication(create_backend_app)
        # A conditional write is atomic on DynamoDB (DynamoDB developer guide, "Conditional writes"); moto checks
        # the condition and writes in two steps, so concurrent requests could both pass. One DynamoDB call at a time.
        self._dynamodb = threading.Lock()

    def __call__(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith("/_sandbox/"):
            return self._control(environ, start)
        service = signing_service(environ)
        if service is not None and self._sandbox.faults.pending_for(service):
            operation = operation_name(service, environ)
            fault = self._sandbox.faults.take(service, operation) if operation else None
            if fault is not None:
                log.info("sandbox: injected %s on %s.%s", fault.code, service, operation)
                headers, body = render_fault(fault, environ)
                return _reply(start, fault.status, headers, body)
        if service in _OWN:
            return self._serve(str(service), environ, start)
        if service == "dynamodb":
            with self._dynamodb:
                return list(self._moto(environ, start))
        result: Iterable[bytes] = self._moto(environ, start)
        return result

    def _serve(self, service: str, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        invalid = _invalid(service)
        try:
            code, payload = self._handle(service, environ)
        except SandboxError as exc:
            log.debug("sandbox: %s %s -> %s %s", service, raw_path(environ), exc.code, exc.error_type)
            error: SandboxError = exc
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("sandbox: %s rejected a malformed request", service, exc_info=True)
            error = invalid(f"Malformed request: {exc!r}")
        except Exception as exc:
            log.exception("sandbox: %s failed", service)
            error = SandboxError(f"Sandbox failure: {exc!r}")
        else:
            headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", str(uuid.uuid4()))]
            return _reply(start, code, headers, payload)
        return _reply(start, error.code, error.get_headers(), error.get_body().encode())

    def _handle(self, service: str, environ: dict[str, Any]) -> tuple[int, bytes]:
        """Run one MediaLive/IVS request; returns the HTTP status and JSON body, or raises."""
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        method = str(environ.get("REQUEST_METHOD", "GET"))
        found = router(service).match(method, raw_path(environ), query, header_names(environ))
        if found is None:
            raise _invalid(service)(f"No {service} operation at {method} {raw_path(environ)}")
        operation, labels = found
        op = service_model(service).operation_model(operation)
        raw = read_body(environ)
        params = parse_request(op, labels, query, json.loads(raw) if raw.strip() else {})
        problems = constraints.check(service, op.input_shape, params)
        if problems:
            count = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''} detected: "
            raise _invalid(service)(count + "; ".join(problems))
        if service == "medialive":
            result = medialive_api.handle(self._sandbox.medialive, operation, params)
        else:
            result = ivs_api.handle(self._sandbox.ivs, operation, params)
        code = int(op.http.get("responseCode", 200))
        if code == 204:
            return code, b""
        return code, json.dumps(to_wire(op.output_shape, result) or {}).encode()

    def _control(self, environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        sandbox = self._sandbox
        try:
            raw = read_body(environ)
            body = json.loads(raw) if raw.strip() else {}
            if not isinstance(body, dict):
                raise SandboxControlError(400, "expected a JSON object")
            if path == "/_sandbox/health":
                return _json(start, 200, {"ok": True})
            if path == "/_sandbox/faults" and method == "POST":
                sandbox.inject_fault(
                    service=str(body["service"]),
                    operation=str(body["operation"]),
                    status=int(body.get("status", 500)),
                    code=str(body.get("code", "InternalServerErrorException")),
                    message=str(body.get("message", "injected fault")),
                    times=int(body.get("times", 1)),
                )
                return _json(start, 200, {"ok": True})
            if path == "/_sandbox/faults" and method == "DELETE":
                sandbox.clear_faults()
                return _json(start, 200, {"ok": True})
            if path == "/_sandbox/timings" and method in ("GET", "POST"):
                if method == "POST":
                    sandbox.set_timings(sandbox.timings.merged(body))
                return _json(start, 200, sandbox.timings.to_dict())
            if path == "/_sandbox/behaviour" and method in ("GET", "POST"):
                if method == "POST":
                    sandbox.set_behaviour(sandbox.behaviour.merged(body))
                return _json(start, 200, sandbox.behaviour.to_dict())
            if path == "/_sandbox/viewers" and method == "POST":
                sandbox.set_viewers(str(body["channel_arn"]), int(body["count"]))
                return _json(start, 200, {"ok": True})
            if path == "/_sandbox/encoders" and method == "POST":
                source = body.get("source_ip")
                source_ip = None if source is None else str(source)
                sandbox.connect_encoder(str(body["input_id"]), bool(body.get("connected", True)), source_ip)
                return _json(start, 200, {"ok": True})
            return _json(start, 404, {"error": f"no control endpoint {method} {path}"})
        except SandboxControlError as exc:
            return _json(start, exc.status, {"error": exc.message})
        except KeyError as exc:
            return _json(start, 400, {"error": f"missing field {exc}"})
        except ValueError as exc:
            return _json(start, 400, {"error": str(exc)})
