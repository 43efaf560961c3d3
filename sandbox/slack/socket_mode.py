"""Slack's side of Socket Mode: `apps.connections.open` hands out a one-time websocket URL; on that socket Slack
says hello, sends each interaction as an envelope and waits for the app's ack, which may carry the response.

The shapes follow Slack's Socket Mode guide (docs.slack.dev/apis/events-api/using-socket-mode): a `hello` on
connect, envelopes `{envelope_id, type, payload, accepts_response_payload}` with type `slash_commands` or
`interactive`, acks `{envelope_id, payload?}`, and `{"type": "disconnect", "reason": ...}` before Slack closes a
socket. Frames are RFC 6455: the app's are masked, the server's are not; pings are answered with pongs.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import logging
import struct
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BufferedIOBase
from urllib.parse import parse_qs, parse_qsl, urlsplit

from sandbox.slack.model import APP_ID, JSON

log = logging.getLogger(__name__)

LINK_PATH = "/link/"
_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 section 1.3
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def accept_key(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()  # noqa: S324 - RFC 6455


def frame(opcode: int, payload: bytes) -> bytes:
    """A server frame: final, unmasked (RFC 6455 section 5.1: a server never masks)."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def read_frame(stream: BufferedIOBase) -> tuple[int, bytes] | None:
    """One whole message from the app (fragments joined), unmasked; None when the socket closed."""
    opcode, data = None, b""
    while True:
        head = stream.read(2)
        if len(head) < 2:
            return None
        fin, op, masked, size = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x80, head[1] & 0x7F
        if size == 126:
            size = struct.unpack("!H", stream.read(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", stream.read(8))[0]
        mask = stream.read(4) if masked else b"\0\0\0\0"
        body = stream.read(size)
        if len(body) < size:
            return None
        body = bytes(b ^ m for b, m in zip(body, itertools.cycle(mask), strict=False))
        if op >= CLOSE:  # control frames come whole, even between fragments
            return op, body
        opcode = op if opcode is None else opcode
        data += body
        if fin:
            return opcode, data


@dataclass
class _Socket:
    """One app connection: writes from any thread, one at a time."""

    write: Callable[[bytes], None]
    close: Callable[[], None]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, opcode: int, payload: bytes) -> None:
        with self.lock:
            self.write(frame(opcode, payload))


class SocketModeLink:
    """The websocket side of the stand-in. `deliver` sends an envelope and waits for its ack, as Slack does."""

    def __init__(self, *, app_id: str = APP_ID) -> None:
        self.app_id = app_id
        self._tickets: set[str] = set()
        self._sockets: list[_Socket] = []
        self._acks: dict[str, tuple[threading.Event, list[JSON]]] = {}
        self._turn = itertools.count()
        self._lock = threading.Lock()

    # -- apps.connections.open ------------------------------------------------------------------
    def open_url(self, base_url: str) -> str:
        """A websocket URL that admits one connection (Slack's carry a one-time ticket too)."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        return f"{base_url.replace('http', 'ws', 1)}{LINK_PATH}?ticket={ticket}&app_id={self.app_id}"

    def admits(self, path: str) -> bool:
        ticket = parse_qs(urlsplit(path).query).get("ticket", [""])[0]
        with self._lock:
            if ticket in self._tickets:
                self._tickets.discard(ticket)
                return True
        return False

    # -- one connection, on the HTTP handler's thread ---------------------------------------------
    def serve(self, *, reader: BufferedIOBase, write: Callable[[bytes], None], close: Callable[[], None]) -> None:
        """Run one upgraded connection until the app or the stand-in closes it."""
        socket = _Socket(write=write, close=close)
        with self._lock:
            self._sockets.append(socket)
            count = len(self._sockets)
        try:
            hello = {
                "type": "hello",
                "num_connections": count,
                "debug_info": {"host": "sandbox-applink", "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
            socket.send(TEXT, json.dumps(hello).encode())
            while (message := read_frame(reader)) is not None:
                opcode, data = message
                if opcode == PING:
                    socket.send(PONG, data)
                elif opcode == CLOSE:
                    socket.send(CLOSE, data[:2])
                    break
                elif opcode == TEXT:
                    self._acked(data)
        except OSError:
            pass  # the app went away; Slack simply forgets the connection
        finally:
            with self._lock:
                if socket in self._sockets:
                    self._sockets.remove(socket)

    def _acked(self, data: bytes) -> None:
        try:
            ack = json.loads(data)
        except ValueError:
            log.warning("the app sent a frame that is not JSON")
            return
        with self._lock:
            waiter = self._acks.get(str(ack.get("envelope_id")))
        if waiter is not None:
            waiter[1].append(ack)
            waiter[0].set()

    # -- what Slack sends ----------------------------------------------------------------------------
    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    def deliver(self, kind: str, payload: JSON, *, timeout: float = 3.0) -> JSON | None:
        """Send one envelope on a connection (Slack spreads them over the app's connections) and return the
        app's ack, or None when no app is connected or none acked within `timeout`."""
        with self._lock:
            if not self._sockets:
                return None
            socket = self._sockets[next(self._turn) % len(self._sockets)]
        envelope_id = str(uuid.uuid4())
        accepts = kind == "slash_commands" or payload.get("type") == "view_submission"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": accepts}
        done, acks = threading.Event(), list[JSON]()
        with self._lock:
            self._acks[envelope_id] = (done, acks)
        try:
            socket.send(TEXT, json.dumps(envelope).encode())
            return acks[0] if done.wait(timeout) else None
        except OSError:
            return None
        finally:
            with self._lock:
                self._acks.pop(envelope_id, None)

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every app connection to reconnect, then close them, as Slack does every few hours."""
        with self._lock:
            sockets = list(self._sockets)
        for socket in sockets:
            try:
                socket.send(TEXT, json.dumps({"type": "disconnect", "reason": reason}).encode())
                socket.send(CLOSE, struct.pack("!H", 1000))
            except OSError:
                pass
            socket.close()

    def send(self, url: str, body: str, *, secret: str, timestamp: int, timeout: float) -> tuple[int, str]:
        """A Console transport: the form Slack would POST, delivered as an envelope instead. (200, the ack's
        response payload as JSON) once acked; 0 when nothing acked, as Slack then shows the person an error."""
        del url, secret, timestamp  # Socket Mode requests are neither addressed nor signed
        form = dict(parse_qsl(body, keep_blank_values=True))
        if body.lstrip().startswith("{"):  # an Events API callback (e.g. app_home_opened) is JSON
            kind, payload = "events_api", json.loads(body)
        elif set(form) == {"payload"}:
            kind, payload = "interactive", json.loads(form["payload"])
        else:
            kind, payload = "slash_commands", dict(form)
        ack = self.deliver(kind, payload, timeout=timeout)
        if ack is None:
            return 0, ""
        response = ack.get("payload")
        return 200, json.dumps(response) if response else ""
