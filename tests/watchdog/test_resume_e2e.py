"""A setup or an end whose worker was killed is finished by the follow-up job within seconds, and the crew sees
it: the panel is posted (the dead setup never did) or shows the show ended, with a line in the thread.

The kill itself is `tests/service/test_crashes.py`; here the store holds what it leaves (a mark nobody renews)."""

from __future__ import annotations

import uuid

from core.domain.session import BusyMark, Session, SessionStatus
from core.show.claims import HOLD_FOR
from tests.watchdog.conftest import WatchBot
from tests.watchdog.kit import until
from tests.watchdog.test_slack_alerts import _live_show, _panel_json


def _killed(bot: WatchBot, session_id: str, action: str) -> None:
    now = bot.clock()
    mark = BusyMark(action=action, actor="producer", since=now, until=now + HOLD_FOR, holder="killed")
    bot.runtime.store.update(session_id, lambda s: s.claimed(mark))


def test_an_end_whose_worker_died_is_finished_and_shown_by_the_follow_up(bot: WatchBot, channel: str) -> None:
    session = _live_show(bot, channel)
    bot.runtime.store.update(session.id, lambda s: s.ending())  # `end` had begun when its process was killed
    _killed(bot, session.id, "end")
    jobs = bot.runtime.jobs
    jobs.follow_up()
    assert bot.runtime.store.require(session.id).status is SessionStatus.ENDING  # its worker may still be alive

    bot.clock.advance(seconds=HOLD_FOR.total_seconds() + 61)  # not renewed: dead; and a full pass is due
    jobs.follow_up()
    ended = bot.runtime.store.require(session.id)
    assert ended.status is SessionStatus.ENDED and ended.final_cost is not None
    assert "*Channel*\\ndeleted" in _panel_json(bot, session) and "in total" in _panel_json(bot, session)
    host = bot.console(channel)
    assert host.wait_for("Finished after an interruption: Show ended", timeout=5)


def test_a_setup_whose_worker_died_gets_its_panel_from_the_follow_up(bot: WatchBot, channel: str) -> None:
    store = bot.runtime.store
    now = bot.clock()
    mark = BusyMark(action="new", actor="U0HOST", since=now, until=now + HOLD_FOR, holder="killed")
    # What `new` leaves when its process dies at once: the session, claimed, pointed at; nothing made or posted.
    dead = Session(id=uuid.uuid4().hex, show_name="Crashed Show", chat_channel=channel, created_by="U0HOST",
                   created_at=now).claimed(mark)  # fmt: skip
    store.create(dead)
    assert store.claim_current(channel, dead.id)
    bot.clock.advance(seconds=HOLD_FOR.total_seconds() + 61)
    bot.runtime.jobs.follow_up()
    ready = store.require(dead.id)
    assert ready.status is SessionStatus.READY and ready.ui.get("ts")
    host = bot.console(channel)
    assert host.wait_for("Finished after an interruption", timeout=5)
    assert until(lambda: "Go live" in host.render(), timeout=5)
