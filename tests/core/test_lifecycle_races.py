"""A show's setup is one claimed unit of work: `end` can't resurrect it, and a setup whose worker died is finished."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.domain.session import Session, SessionStatus
from core.errors import Busy
from sandbox.aws import AwsSandbox
from tests.kit import FAST, CoreKit, leftovers


def test_end_clicked_during_setup_waits_for_it_and_the_show_never_comes_back(
    kit: CoreKit, aws_sandbox: AwsSandbox
) -> None:
    aws_sandbox.set_timings(replace(FAST, create=1.5))  # setup stretched, as retried AWS errors stretch it
    created: list[Session] = []
    setup = threading.Thread(
        target=lambda: created.append(
            kit.control.create_session(chat_channel=kit.chat_channel, show_name="Race", actor="h").session
        )
    )
    setup.start()
    deadline = time.monotonic() + 5
    while kit.control.current(chat_channel=kit.chat_channel) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    creating = kit.control.current(chat_channel=kit.chat_channel)
    assert creating is not None and creating.status is SessionStatus.CREATING
    with pytest.raises(Busy, match="`new`"):
        kit.control.end_session(session_id=creating.id, actor="producer")
    setup.join(timeout=30)
    ready = kit.store.require(creating.id)
    assert ready.status is SessionStatus.READY and ready.ended_at is None
    ended = kit.control.end_session(session_id=ready.id, actor="producer")
    assert ended.session.status is SessionStatus.ENDED
    assert kit.control.current(chat_channel=kit.chat_channel) is None
    assert leftovers(kit, ready.id) == []


def test_a_setup_whose_worker_died_is_finished_by_the_next_command(kit: CoreKit) -> None:
    # As if `serve` was killed right after the session was written: CREATING, pointed at, nothing made yet.
    orphan = Session(id="deadbeef" * 4, show_name="Crashed", chat_channel=kit.chat_channel, created_by="h",
                     created_at=datetime.now(UTC))  # fmt: skip
    kit.store.create(orphan)
    assert kit.store.claim_current(kit.chat_channel, orphan.id)
    done = kit.control.finish_setup(session_id=orphan.id, actor="producer")
    assert done.changed and done.session.status is SessionStatus.READY
    assert done.session.resources.channel_id
    again = kit.control.finish_setup(session_id=orphan.id, actor="producer")
    assert not again.changed
    kit.control.end_session(session_id=orphan.id, actor="producer")
    assert leftovers(kit, orphan.id) == []
