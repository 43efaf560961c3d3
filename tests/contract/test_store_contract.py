"""The session store's contract: optimistic locking, conditional claims and expiring records."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from core.domain.session import Session
from core.errors import AwsFailure, ConcurrentUpdate, NoSession
from tests.contract.world import World


def _session(world: World, chat_channel: str = "", *, minutes_ago: int = 0) -> Session:
    return Session(
        id=uuid.uuid4().hex,
        show_name="Contract Show",
        chat_channel=chat_channel or f"C{uuid.uuid4().hex[:10].upper()}",
        created_by="host",
        created_at=world.clock() - timedelta(minutes=minutes_ago),
    )


def test_create_refuses_a_duplicate_id_and_require_raises_no_session(world: World) -> None:
    world.store.ping()
    session = world.store.create(_session(world))
    assert world.store.require(session.id) == session
    with pytest.raises(AwsFailure):
        world.store.create(session.model_copy(update={"show_name": "Other"}))
    assert world.store.require(session.id).show_name == "Contract Show"
    world.store.discard(session.id)
    assert world.store.get(session.id) is None
    with pytest.raises(NoSession):
        world.store.require(session.id)
    with pytest.raises(NoSession):
        world.store.update(session.id, lambda s: s.model_copy(update={"show_name": "x"}))


def test_update_retries_a_lost_race_and_never_loses_a_write(world: World) -> None:
    session = world.store.create(_session(world))
    calls = 0

    def mine(s: Session) -> Session:
        nonlocal calls
        calls += 1
        if calls == 1:  # another writer gets in between this read and this write
            world.store.update(s.id, lambda x: x.model_copy(update={"alerts_sent": [*x.alerts_sent, "theirs"]}))
        return s.model_copy(update={"alerts_sent": [*s.alerts_sent, "mine"]})

    done = world.store.update(session.id, mine)
    assert calls == 2
    assert done.alerts_sent == ["theirs", "mine"] and done.version == 2
    assert world.store.require(session.id) == done


def test_update_gives_up_with_concurrent_update_and_an_unchanged_session_is_not_rewritten(world: World) -> None:
    session = world.store.create(_session(world))
    assert world.store.update(session.id, lambda s: s).version == 0

    def always_raced(s: Session) -> Session:
        world.store.update(s.id, lambda x: x.model_copy(update={"notices": [*x.notices, "race"]}))
        return s.model_copy(update={"last_error": "never written"})

    with pytest.raises(ConcurrentUpdate):
        world.store.update(session.id, always_raced, attempts=3)
    after = world.store.require(session.id)
    assert (after.last_error, after.notices, after.version) == (None, ["race"] * 3, 3)


def test_a_chat_channel_has_one_current_session_released_only_by_its_holder(world: World) -> None:
    first, second = _session(world), _session(world)
    chat = first.chat_channel
    assert world.store.current_id(chat) is None
    assert world.store.claim_current(chat, first.id)
    assert not world.store.claim_current(chat, second.id)
    assert not world.store.claim_current(chat, first.id)  # not even again by the holder
    world.store.release_current(chat, second.id)  # not the holder: nothing happens
    assert world.store.current_id(chat) == first.id
    world.store.release_current(chat, first.id)
    assert world.store.current_id(chat) is None
    assert world.store.claim_current(chat, second.id)


def test_sessions_are_listed_by_chat_channel_newest_first_and_read_in_batches(world: World) -> None:
    old = world.store.create(_session(world, minutes_ago=5))
    new = world.store.create(_session(world, old.chat_channel))
    elsewhere = world.store.create(_session(world))
    assert [s.id for s in world.store.sessions_for(old.chat_channel)] == [new.id, old.id]
    assert world.store.get_many([old.id, elsewhere.id, old.id, "never-made"]) == {old.id: old, elsewhere.id: elsewhere}
    assert {old.id, new.id, elsewhere.id} <= {s.id for s in world.store.all_sessions()}


def test_requests_are_claimed_once_and_a_lease_has_one_holder_until_it_expires_or_is_released(world: World) -> None:
    key, ttl = uuid.uuid4().hex, timedelta(seconds=1)  # records expire by the whole second, as stored
    name = f"lease-{key[:8]}"
    assert world.store.claim_once(key, ttl=ttl)
    assert not world.store.claim_once(key, ttl=ttl)
    assert world.store.acquire_lease(name, holder="a", ttl=ttl)
    assert world.store.acquire_lease(name, holder="a", ttl=ttl)  # renewed
    assert not world.store.acquire_lease(name, holder="b", ttl=ttl)
    world.store.release_lease(name, holder="b")  # not the holder: nothing happens
    assert not world.store.acquire_lease(name, holder="b", ttl=ttl)
    world.waits.sleep(2.1)
    assert world.store.claim_once(key, ttl=ttl)
    assert world.store.acquire_lease(name, holder="b", ttl=timedelta(minutes=1))
    world.store.release_lease(name, holder="b")
    assert world.store.acquire_lease(name, holder="a", ttl=ttl)
