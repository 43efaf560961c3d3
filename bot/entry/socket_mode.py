"""Socket Mode: the bot dials out to Slack over a websocket, so it needs no public URL. slack_sdk's built-in client
(no extra dependency) reconnects by itself when Slack asks it to or the connection drops."""

from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.entry.health import OK

log = logging.getLogger(__name__)


class SocketConnection:
    def __init__(self, app: App, *, app_token: str) -> None:
        # apps.connections.open goes through the app's own client, so SLACK_API_URL applies here too.
        self._handler = SocketModeHandler(app, app_token, logger=logging.getLogger("slack_sdk.socket_mode"))

    def connect(self) -> None:
        """Open the first connection; raises what apps.connections.open raised, or ConnectionError when Slack
        gave a URL but its websocket did not open."""
        self._handler.connect()  # type: ignore[no-untyped-call]
        if not self._handler.client.is_connected():
            raise ConnectionError("the Socket Mode websocket did not open")

    def state(self) -> str:
        """For /healthz: "ok" while the websocket is up; otherwise the client is reconnecting."""
        return OK if self._handler.client.is_connected() else "disconnected: reconnecting"

    def close(self) -> None:
        """Stop taking envelopes at once (Slack sends them to the app's other connections, or retries them);
        the client's own threads wind down in the background, as joining them takes seconds."""
        client = self._handler.client
        client.auto_reconnect_enabled = False
        client.current_session_state.terminated = True
        client.disconnect()
        threading.Thread(target=self._handler.close, name="socket-mode-close", daemon=True).start()
