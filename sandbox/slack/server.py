"""SlackStandIn: Slack's Web API and response_urls served over HTTP on a local port."""

from __future__ import annotations

import contextlib
import email.parser
import json
import socket
import threading
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sandbox.slack import api, socket_mode
from sandbox.slack.model import (
    DEFAULT_CHANNELS,
    DEFAULT_GROUPS,
    DEFAULT_USERS,
    JSON,
    Message,
    RecordedCall,
    SlackUser,
    View,
)
from sandbox.slack.state import SlackState

HOOK_PREFIX = "/hooks/"


def _form(raw: bytes, content_type: str) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        body = json.loads(raw or b"{}")
        if not isinstance(body, dict):
            raise ValueError("JSON body must be an object")
        return body
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        parsed = email.parser.BytesParser().parsebytes(head + raw)
        out: dict[str, Any] = {}
        for part in parsed.walk():
            if part.is_multipart():
                continue
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                out[name] = payload.decode("utf-8", "replace")
        return out
    return {k: v[0] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}


class _Handler(BaseHTTPRequestHandler):
    stand_in: SlackStandIn  # set on the per-server subclass
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: request lines would clutter the console."""

    def _send(self, status: int, body: JSON) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            params.update(_form(raw, self.headers.get("Content-Type") or ""))
        except ValueError:
            self._send(400, {"ok": False, "error": "invalid_form_data"})
            return
        if url.path.startswith("/api/"):
            method = url.path.removeprefix("/api/")
            auth = self.headers.get("Authorization") or ""
            token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
            token = token or (str(params["token"]) if params.get("token") else None)
            self._send(200, self.stand_in._api_call(method, params, token))
        elif url.path.startswith(HOOK_PREFIX) and self.command == "POST":
            status, body = self.stand_in._hook(url.path.removeprefix(HOOK_PREFIX), params)
            self._send(status, body)
        else:
            self._send(404, {"ok": False, "error": "not_found"})

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        if urlsplit(self.path).path == socket_mode.LINK_PATH:
            self._upgrade()
        else:
            self._handle()

    def _upgrade(self) -> None:
        """A Socket Mode connection: a websocket on a one-time URL from apps.connections.open."""
        link = self.stand_in.socket_mode
        key = self.headers.get("Sec-WebSocket-Key")
        if (self.headers.get("Upgrade") or "").lower() != "websocket" or not key or not link.admits(self.path):
            self._send(401, {"ok": False, "error": "invalid_ticket"})
            return
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", socket_mode.accept_key(key))
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True

        def close() -> None:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        link.serve(reader=self.rfile, write=self.connection.sendall, close=close)


class SlackStandIn:
    """Slack's Web API for a bot under test: point slack_sdk's WebClient(base_url=api_url) at it."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_token: str = "xoxb-sandbox-token",  # noqa: S107 - the sandbox's well-known fake token
        app_token: str = "xapp-sandbox-token",  # noqa: S107 - the app-level token Socket Mode connects with
        team_id: str = "T0SANDBOX",
        users: Sequence[SlackUser] = DEFAULT_USERS,
        usergroups: Mapping[str, Sequence[str]] = DEFAULT_GROUPS,
        channels: Mapping[str, str] = DEFAULT_CHANNELS,
    ) -> None:
        self.host, self.port = host, port
        self.team_id = team_id
        self._bot_token = bot_token
        self._app_token = app_token
        self.socket_mode = socket_mode.SocketModeLink()
        self.state = SlackState(team_id=team_id, users=users, usergroups=usergroups, channels=channels)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> None:
        if self._server is not None:
            return
        handler = type("Handler", (_Handler,), {"stand_in": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        self._server, self.port = server, int(server.server_address[1])
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is None:
            return
        self.socket_mode.disconnect("link_disabled")
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SlackStandIn:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the Slack stand-in is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """What slack_sdk's WebClient(base_url=...) takes (SLACK_API_URL)."""
        return f"{self.base_url}/api/"

    # -- inspection -------------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[RecordedCall]:
        return self.state.calls(method)

    def messages(self, channel: str) -> list[Message]:
        return self.state.messages(channel)

    def ephemerals(self, channel: str, user: str) -> list[Message]:
        return self.state.ephemerals(channel, user)

    def views(self) -> list[View]:
        return self.state.views.all()

    def user(self, user_id: str) -> SlackUser | None:
        return self.state.user(user_id)

    def channel_name(self, channel_id: str) -> str:
        return self.state.channels.get(channel_id, channel_id)

    def reset(self) -> None:
        self.state.reset()

    # -- interactions -----------------------------------------------------------------------------
    def new_response_url(
        self, *, channel: str, user: str, message_ts: str | None = None, is_ephemeral: bool = False
    ) -> str:
        """A response_url tied to a channel and user, and to the source message for message actions."""
        return f"{self.base_url}{HOOK_PREFIX}{self.state.responses.new(channel, user, message_ts, is_ephemeral)}"

    def respond_inline(self, response_url: str, body: JSON) -> tuple[int, JSON]:
        """Apply an ack body the way Slack applies it to the interaction (no response_url use spent)."""
        token = response_url.rsplit("/", 1)[-1]
        return self.state.responses.respond(token, body, count_use=False)

    def _api_call(self, method: str, params: dict[str, Any], token: str | None) -> JSON:
        app_methods = {"apps.connections.open": lambda _: {"ok": True, "url": self.socket_mode.open_url(self.base_url)}}
        return api.call(self.state, method, params, token, self._bot_token, app_token=self._app_token,
                        app_methods=app_methods)  # fmt: skip

    def _hook(self, token: str, payload: dict[str, Any]) -> tuple[int, JSON]:
        status, body = self.state.responses.respond(token, payload)
        error = body.get("error")
        self.state.record(RecordedCall("response_url", payload, status == 200, error, body))
        return status, body
