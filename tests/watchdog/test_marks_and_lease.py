"""The watchdog's marks and the scheduler lease in DynamoDB: compare-and-swap writes, renewal, takeover."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.watchdog.lease import Lease, scheduler_lease
from core.watchdog.marks import MarkChanged, WatchMark, WatchMarks
from tests.watchdog.kit import WatchKit


def test_a_mark_is_swapped_only_from_the_version_it_was_read_at(wk: WatchKit) -> None:
    marks = wk.watch.marks
    blank = WatchMark(kind="channel", resource_id="123")
    first = marks.swap(None, blank.model_copy(update={"running_since": wk.clock()}))
    assert first is not None and first.version == 1
    with pytest.raises(MarkChanged):
        marks.swap(None, blank)  # someone else already created it
    second = marks.swap(first, first.model_copy(update={"keep_until": wk.clock()}))
    assert second is not None and second.version == 2
    with pytest.raises(MarkChanged):
        marks.swap(first, None)  # stale: read before the second write
    assert marks.get("channel", "123") == second
    marks.swap(second, None)
    assert marks.get("channel", "123") is None


def test_marks_of_different_deployments_sharing_a_table_stay_apart(wk: WatchKit) -> None:
    other = WatchMarks(wk.aws.dynamodb, table=wk.settings.table, deployment="someone-else", clock=wk.clock)
    other.swap(None, WatchMark(kind="channel", resource_id="777", kept_by="them"))
    assert wk.watch.marks.get("channel", "777") is None
    assert wk.watch.marks.get_many([f"channel:{n}" for n in range(250)]) == {}  # batched reads past 100 keys


def test_the_lease_is_renewed_by_its_holder_and_taken_over_only_after_it_expires(wk: WatchKit) -> None:
    name = scheduler_lease(wk.settings.deployment)
    ttl = timedelta(seconds=60)
    a = Lease(wk.core.store, name=name, holder="a", ttl=ttl, clock=wk.clock)
    b = Lease(wk.core.store, name=name, holder="b", ttl=ttl, clock=wk.clock)
    assert a.held() and not b.held()
    wk.clock.advance(seconds=45)
    assert a.renew()  # renewal pushes the expiry on
    wk.clock.advance(seconds=45)
    assert not b.renew()
    wk.clock.advance(seconds=61)
    assert b.renew() and not a.renew()
    assert wk.core.store.lease_holder(name) is not None
    b.release()
    assert wk.core.store.lease_holder(name) is None
    assert a.renew()
    a.release()


def test_a_lease_is_checked_cheaply_between_renewals(wk: WatchKit) -> None:
    lease = Lease(
        wk.core.store,
        name=scheduler_lease(wk.settings.deployment),
        holder="a",
        ttl=timedelta(seconds=60),
        clock=wk.clock,
    )
    writes = []
    wk.aws.dynamodb.meta.events.register("before-call.dynamodb.PutItem", lambda **_: writes.append(1))
    for _ in range(10):
        assert lease.held()
        wk.clock.advance(seconds=1)
    assert len(writes) == 1
    wk.clock.advance(seconds=20)
    assert lease.held() and len(writes) == 2
    lease.release()
