"""Sandbox control over HTTP: fault injection, timings, behaviour and simulated encoders for another process."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from typing import Any

from .behaviour import SandboxBehaviour
from .timings import SandboxTimings


class SandboxControlError(ValueError):
    """A control call the sandbox refused (unknown input, bad fault, bad timings)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class SandboxControl:
    """The ``AwsSandbox`` control calls, made over HTTP given only the sandbox's URL."""

    def __init__(self, url: str) -> None:
        self._url = url.rstrip("/")
        # Loopback control traffic must never go through an HTTP proxy from the environment.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the sandbox's own http endpoint
            f"{self._url}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with self._opener.open(request, timeout=10) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace")
            with contextlib.suppress(ValueError, AttributeError):
                text = json.loads(text).get("error", text)
            raise SandboxControlError(exc.code, text) from exc
        result: dict[str, Any] = json.loads(body) if body else {}
        return result

    def inject_fault(
        self,
        *,
        service: str,
        operation: str,
        status: int = 500,
        code: str = "InternalServerErrorException",
        message: str = "injected fault",
        times: int = 1,
    ) -> None:
        """Fail the next ``times`` HTTP attempts of ``service``'s ``operation`` (retries count)."""
        fault = {"service": service, "operation": operation, "status": status, "code": code}
        self._call("POST", "/_sandbox/faults", {**fault, "message": message, "times": times})

    def clear_faults(self) -> None:
        self._call("DELETE", "/_sandbox/faults")

    def set_timings(self, timings: SandboxTimings) -> None:
        self._call("POST", "/_sandbox/timings", timings.to_dict())

    def set_behaviour(self, behaviour: SandboxBehaviour) -> None:
        self._call("POST", "/_sandbox/behaviour", behaviour.to_dict())

    def set_viewers(self, channel_arn: str, count: int) -> None:
        """How many viewers GetStream reports for the IVS channel's live stream."""
        self._call("POST", "/_sandbox/viewers", {"channel_arn": channel_arn, "count": count})

    def connect_encoder(self, input_id: str, connected: bool = True, source_ip: str | None = None) -> None:
        """Simulate an encoder (dis)connecting to a push input's endpoints, from ``source_ip``.

        ``source_ip=None`` pushes from an address inside the first rule of the input's first security group.
        """
        payload = {"input_id": input_id, "connected": connected, "source_ip": source_ip}
        self._call("POST", "/_sandbox/encoders", payload)
