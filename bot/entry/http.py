"""HTTP mode: Bolt's WSGI adapter on /slack/events plus an honest /healthz, on a threaded stdlib server."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

Health = Callable[[], dict[str, Any]]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http %s", format % args)


def wsgi_app(app: App, health: Health) -> WSGIApplication:
    slack = SlackRequestHandler(app, path="/slack/events")

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            report = health()
            status = "200 OK" if report.get("ok") else "503 Service Unavailable"
            body = json.dumps(report).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        try:
            return slack(environ, start_response)
        except ValueError as error:  # a body that is not what its content type says: Bolt cannot even read it
            log.warning("refused an unreadable request body: %s", type(error).__name__)
            start_response("400 Bad Request", [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]

    return application


def make_http_server(app: App, health: Health, *, host: str, port: int) -> WSGIServer:
    return make_server(host, port, wsgi_app(app, health), server_class=_ThreadingServer, handler_class=_QuietHandler)
