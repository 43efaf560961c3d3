"""The app's Home tab for each person who opened it: drawn when they open it, redrawn by the scheduler.

Slack keeps a published Home tab until the app publishes another, so a tab that stayed open would show an old
overview: the scheduler's follow-up redraws every tab this process has drawn, at most once per `every`. Who
opened which tab is kept in memory; after a restart a tab is drawn again the next time its person opens it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_ui import fleet_views
from core.clock import Clock
from core.errors import ShelcasterError
from core.watchdog.overview import Fleet

log = logging.getLogger(__name__)

REFRESH_EVERY = timedelta(seconds=60)


class HomeTabs:
    def __init__(self, *, client: WebClient, clock: Clock, every: timedelta = REFRESH_EVERY) -> None:
        self._client = client
        self._clock = clock
        self._every = every
        self._read: Callable[[], Fleet] | None = None
        self._viewers: dict[str, bool] = {}  # who has a tab drawn -> whether they are an admin
        self._notes: dict[str, str] = {}  # the outcome of their last click, shown on their next drawing
        self._drawn_at: datetime | None = None
        self._lock = threading.Lock()

    def attach(self, read: Callable[[], Fleet]) -> None:
        """Where the overview comes from (the bot's composition wires it in with the Home tab's listener)."""
        self._read = read

    def opened(self, user: str, *, admin: bool) -> None:
        with self._lock:
            self._viewers[user] = admin
        self._draw([user])

    def tell(self, user: str, note: str) -> None:
        """Show `note` at the top of `user`'s tab and redraw everyone's (something changed)."""
        with self._lock:
            self._notes[user] = note
            self._viewers.setdefault(user, True)
        self.redraw()

    def refresh_due(self) -> int:
        """The scheduler's call: redraw every tab once `every` has passed since the last drawing."""
        now = self._clock()
        with self._lock:
            due = bool(self._viewers) and (self._drawn_at is None or now - self._drawn_at >= self._every)
        return self.redraw() if due else 0

    def redraw(self) -> int:
        with self._lock:
            users = list(self._viewers)
        return self._draw(users)

    def _draw(self, users: list[str]) -> int:
        with self._lock:
            admins = {u for u in users if self._viewers.get(u)}
            notes = {u: self._notes.get(u) for u in users}
        fleet = self._fleet() if admins else None
        drawn = 0
        for user in users:
            view = fleet_views.home_view(fleet, admin=user in admins, note=notes[user])
            try:
                self._client.views_publish(user_id=user, view=view)
                drawn += 1
            except SlackApiError as error:
                log.warning("could not draw the Home tab of %s: %s", user, error.response.get("error"))
        with self._lock:
            self._drawn_at = self._clock()
        return drawn

    def _fleet(self) -> Fleet | None:
        if self._read is None:
            return None
        try:
            return self._read()
        except ShelcasterError as error:
            log.warning("could not read the channels for the Home tab: %s", error)
            return None
