"""HTTP mode: Bolt's WSGI adapter on /slack/events plus an honest /healthz, served in this process by waitress.

Waitress (pure Python, one process, a fixed set of request threads) was chosen by measurement over the stdlib's
wsgiref, cheroot and granian: README "Serving" gives the figures. In this process the scheduler, the sweep
lease and the graceful SIGTERM keep working as they are.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.server import TcpWSGIServer

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

Health = Callable[[], dict[str, Any]]

# Request threads only ack (the work runs on the bot's pool), so a few are plenty; more would only compete for
# the interpreter.
THREADS = 8
BACKLOG = 128  # connections the kernel queues while every thread is busy (a burst of clicks)
LINGER = 1.0  # on shutdown, how long answers already being written may take to finish
THREADS_EXIT = 1  # then how long (whole seconds, as waitress takes it) its request threads may take to end
# An answer goes out in one send once its request thread is done: by default waitress sends the status line and
# headers the moment they are written, and the body in a second send after the thread gets the interpreter back.
# Measured (1 client, p99): a Bolt app acking with a text 1.5-2.1 ms that way, 1.1 ms in one send, as an empty ack;
# at 20 clients the median 18% lower. Waitress 3 still takes the setting but calls it deprecated; without it (a
# later waitress) the server starts with waitress's default and says so.
SEND_BYTES = 18_000


def wsgi_app(app: App | None, health: Health) -> WSGIApplication:
    """/healthz, and /slack/events when `app` takes HTTP requests (in Socket Mode it does not)."""
    slack = SlackRequestHandler(app, path="/slack/events") if app is not None else None

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            report = health()
            status = "200 OK" if report.get("ok") else "503 Service Unavailable"
            body = json.dumps(report).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if slack is None:
            start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        try:
            return slack(environ, start_response)
        except ValueError as error:  # a body that is not what its content type says: Bolt cannot even read it
            log.warning("refused an unreadable request body: %s", type(error).__name__)
            start_response("400 Bad Request", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]

    return application


class HttpServer:
    """Waitress with a stop that can be called from any thread (a signal handler's helper thread): it stops
    taking connections, lets answers already under way finish for up to LINGER, then returns."""

    def __init__(self, application: WSGIApplication, *, host: str, port: int, threads: int = THREADS) -> None:
        self._map: dict[int, Any] = {}
        self._server = _server(
            application, map=self._map, host=host, port=port, threads=threads, backlog=BACKLOG, ident="shelcaster"
        )
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._serving = False
        self._lock = threading.Lock()

    @property
    def server_port(self) -> int:
        return int(self._server.getsockname()[1])

    def serve_forever(self, poll_interval: float = 0.2) -> None:
        """Serve until `shutdown()`; waitress's own loop, a step at a time so a stop is seen at once."""
        with self._lock:
            self._serving = True
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._map, count=1)
            self._server.close()  # no new connections; the ones open finish what they are writing
            deadline = time.monotonic() + LINGER
            while self._map and time.monotonic() < deadline:
                wasyncore.loop(timeout=0.05, map=self._map, count=1)
            wasyncore.close_all(self._map)
            self._server.task_dispatcher.shutdown(timeout=THREADS_EXIT)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving and wait until `serve_forever` has returned (as socketserver's shutdown does)."""
        with self._lock:
            self._stop.set()
            serving = self._serving
        if serving:
            self._server.pull_trigger()  # wakes the loop at once, whatever its poll interval
            self._stopped.wait()
        else:  # never served: only the listening socket and the request threads to let go
            self._server.close()
            self._server.task_dispatcher.shutdown(timeout=THREADS_EXIT)


def _server(application: WSGIApplication, **adjustments: Any) -> TcpWSGIServer:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "send_bytes", DeprecationWarning)
        try:
            return TcpWSGIServer(application, send_bytes=SEND_BYTES, **adjustments)
        except ValueError:  # "Unknown adjustment": this waitress no longer takes it (checked before it binds)
            log.warning("waitress no longer takes send_bytes: answers go out in two sends")
    return TcpWSGIServer(application, **adjustments)


def make_http_server(app: App | None, health: Health, *, host: str, port: int) -> HttpServer:
    return HttpServer(wsgi_app(app, health), host=host, port=port)
