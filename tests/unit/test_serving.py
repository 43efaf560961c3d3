"""The HTTP server sends each answer in one send, and still starts on a waitress that no longer takes the setting;
building the app leaves the environment alone."""

from __future__ import annotations

import logging
import os
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


def test_building_the_app_leaves_the_environment_alone_and_logs_no_token_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt would warn that it ignores SLACK_BOT_TOKEN (the client carries the token); other threads may read the
    environment while the app is built, so the variable must stay where it is."""
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.entry.app import _token_warning_dropped

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-the-environment")
    with caplog.at_level(logging.WARNING), _token_warning_dropped():
        App(client=WebClient(token="xoxb-from-the-client"), signing_secret="s", token_verification_enabled=False)
        assert os.environ["SLACK_BOT_TOKEN"] == "xoxb-from-the-environment"
    assert "will be unused" not in caplog.text
    with caplog.at_level(logging.WARNING):  # outside the builder, Bolt's other warnings still show
        App(client=WebClient(token="xoxb-from-the-client"), signing_secret="s", token_verification_enabled=False)
    assert "will be unused" in caplog.text
