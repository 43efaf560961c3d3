"""The HTTP server sends each answer in one send, and still starts on a waitress that no longer takes the setting."""

from __future__ import annotations

import logging
import threading
import urllib.request
from typing import Any

import pytest

from bot.entry import http
from bot.entry.http import SEND_BYTES, make_http_server


def _serving(server: http.HttpServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread


def test_answers_are_buffered_until_their_request_is_done_and_still_arrive_whole() -> None:
    server = make_http_server(None, lambda: {"ok": True, "store": "ok"}, host="127.0.0.1", port=0)
    assert server._server.adj.send_bytes == SEND_BYTES
    thread = _serving(server)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/healthz", timeout=5) as answer:
            assert answer.status == 200 and b'"store": "ok"' in answer.read()
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_a_waitress_without_the_setting_serves_with_its_default(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = http.TcpWSGIServer

    def later_waitress(application: Any, **adjustments: Any) -> Any:
        if "send_bytes" in adjustments:
            raise ValueError("Unknown adjustment 'send_bytes'")
        return real(application, **adjustments)

    monkeypatch.setattr(http, "TcpWSGIServer", later_waitress)
    with caplog.at_level(logging.WARNING, logger="bot.entry.http"):
        server = make_http_server(None, lambda: {"ok": True}, host="127.0.0.1", port=0)
    assert server._server.adj.send_bytes == 1  # waitress's own default
    assert "two sends" in caplog.text
    server.shutdown()
