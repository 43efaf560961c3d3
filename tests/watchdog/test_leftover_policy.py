"""The watchdog's policy for IVS channels, callers' security groups and stored platform keys, as a pure function."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.adapters.aws.ivs import IvsChannelSummary
from core.adapters.aws.medialive import InputSecurityGroupFacts
from core.config import CoreSettings
from core.domain.channel_spec import OWNER_TAG, SESSION_TAG
from core.domain.session import Platform, Resources, Session, SessionStatus, Source, SourceKind
from core.show.channel_plan import ChannelPlanner
from core.watchdog.leftover_policy import key_path, key_session, leftover_decisions
from core.watchdog.marks import Op, Reason, WatchMark
from core.watchdog.plan import (
    DeleteLeftover,
    Facts,
    Finding,
    Forget,
    NoteLeftover,
    Policy,
    ResourceStatus,
)

NOW = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
POLICY = Policy(
    deployment="ours",
    idle=timedelta(minutes=10),
    grace=timedelta(minutes=5),
    max_show=timedelta(hours=4),
    shared=frozenset({"host-group"}),
)
IVS_ARN = "arn:aws:ivs:us-east-1:123456789012:channel/abc"
KEY = "/shelcaster/ours/s1/platform-1"


def tags(owner: str | None = "ours", session: str | None = "s1") -> dict[str, str]:
    return {k: v for k, v in {OWNER_TAG: owner, SESSION_TAG: session}.items() if v is not None}


def ivs(arn: str = IVS_ARN, **tagged: Any) -> IvsChannelSummary:
    return IvsChannelSummary(arn=arn, name="shelcaster-show-s1", tags=tags(**tagged))


def group(id: str = "g1", *, inputs: tuple[str, ...] = (), **tagged: Any) -> InputSecurityGroupFacts:
    state = "IN_USE" if inputs else "IDLE"
    return InputSecurityGroupFacts(id=id, arn=f"arn:{id}", state=state, inputs=inputs, tags=tags(**tagged))


def session(status: SessionStatus = SessionStatus.READY, *, id: str = "s1", **extra: Any) -> Session:
    return Session(
        id=id,
        show_name="Morning Show",
        chat_channel="C1",
        created_by="host",
        created_at=NOW - timedelta(hours=1),
        status=status,
        **extra,
    )


def recording_everything(status: SessionStatus = SessionStatus.READY) -> Session:
    caller = Source(kind=SourceKind.CALLER, number=1, name="Ana", security_group_id="g1")
    platform = Platform(number=1, kind="youtube", name="YouTube", url="rtmp://a/b", key_parameter=KEY, key_hint="1234")
    resources = Resources(ivs_channel_arn=IVS_ARN)
    return session(status, resources=resources, sources=[caller], platforms=[platform])


def unused_mark(kind: Any, resource_id: str, since: datetime, **extra: Any) -> WatchMark:
    return WatchMark(kind=kind, resource_id=resource_id, unused_since=since, **extra)


def facts(
    *,
    ivs_channels: list[IvsChannelSummary] | None = None,
    groups: list[InputSecurityGroupFacts] | None = None,
    parameters: list[str] | None = None,
    sessions: list[Session] | None = None,
    marks: list[WatchMark] | None = None,
) -> Facts:
    return Facts(
        now=NOW,
        channels=[],
        inputs=[],
        sessions={s.id: s for s in sessions or []},
        marks={m.key: m for m in marks or []},
        last_input={},
        input_since=NOW,
        ivs_channels=ivs_channels or [],
        security_groups=groups or [],
        parameters=parameters or [],
    )


def decided(f: Facts, policy: Policy = POLICY) -> tuple[list[Finding], list[Any]]:
    items = list(leftover_decisions(f, policy))
    return [i for i in items if isinstance(i, Finding)], [i for i in items if not isinstance(i, Finding)]


# a live show may be making it: watched for the grace period ----------------------------------------------
@pytest.mark.parametrize("status", [SessionStatus.CREATING, SessionStatus.READY, SessionStatus.ENDING])
def test_an_ivs_channel_a_live_show_does_not_record_is_noted_then_deleted_once_the_grace_has_passed(
    status: SessionStatus,
) -> None:
    live = session(status)
    (finding,), (note,) = decided(facts(ivs_channels=[ivs()], sessions=[live]))
    assert (finding.kind, finding.status, finding.next, finding.reason) == (
        "ivs_channel",
        ResourceStatus.WATCHING,
        "delete",
        Reason.UNRECORDED,
    )
    assert finding.due_at == NOW + POLICY.grace and finding.session_id == "s1"
    assert isinstance(note, NoteLeftover) and note.found.id == IVS_ARN

    seen = unused_mark("ivs_channel", IVS_ARN, NOW - POLICY.grace + timedelta(seconds=1))
    (finding,), actions = decided(facts(ivs_channels=[ivs()], sessions=[live], marks=[seen]))
    assert finding.status is ResourceStatus.WATCHING and actions == []

    seen = unused_mark("ivs_channel", IVS_ARN, NOW - POLICY.grace)
    (finding,), (delete,) = decided(facts(ivs_channels=[ivs()], sessions=[live], marks=[seen]))
    assert finding.status is ResourceStatus.DUE and finding.since == seen.unused_since
    assert isinstance(delete, DeleteLeftover) and delete.mark == seen


# no live show: due at once -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sessions",
    [[], [recording_everything(SessionStatus.ENDED)], [recording_everything(SessionStatus.FAILED)]],
    ids=["absent", "ended", "failed"],
)
def test_what_no_live_show_has_is_deleted_at_once_even_if_an_ended_show_still_records_it(
    sessions: list[Session],
) -> None:
    found, actions = decided(facts(ivs_channels=[ivs()], groups=[group()], parameters=[KEY], sessions=sessions))
    assert [(f.kind, f.status) for f in found] == [
        ("ivs_channel", ResourceStatus.DUE),
        ("security_group", ResourceStatus.DUE),
        ("parameter", ResourceStatus.DUE),
    ]
    assert [(a.found.kind, a.found.id) for a in actions] == [
        ("ivs_channel", IVS_ARN),
        ("security_group", "g1"),
        ("parameter", KEY),
    ]
    assert all(isinstance(a, DeleteLeftover) for a in actions)


def test_a_group_an_input_still_uses_waits_until_it_is_free() -> None:
    (finding,), actions = decided(facts(groups=[group(inputs=("in-7",))]))
    assert (finding.status, finding.next, actions) == (ResourceStatus.WAITING, "delete", [])


# what a live show records, and what is not ours -------------------------------------------------------
@pytest.mark.parametrize("status", [SessionStatus.CREATING, SessionStatus.READY, SessionStatus.ENDING])
def test_what_a_live_show_records_is_left_alone_and_an_earlier_note_forgotten(status: SessionStatus) -> None:
    live = recording_everything(status)
    everything = {"ivs_channels": [ivs()], "groups": [group()], "parameters": [KEY], "sessions": [live]}
    assert decided(facts(**everything)) == ([], [])
    noted = unused_mark("security_group", "g1", NOW - timedelta(hours=1))
    assert decided(facts(**everything, marks=[noted])) == ([], [Forget(noted)])


@pytest.mark.parametrize(
    "world",
    [
        {"ivs_channels": [ivs(owner="theirs")]},
        {"ivs_channels": [ivs(owner=None)]},
        {"ivs_channels": [ivs(session=None)]},  # the bot tags all it makes with a session
        {"groups": [group(owner="theirs")]},
        {"groups": [group(session=None)]},  # the deploy template's host group has only the owner tag
        {"groups": [group("host-group")]},  # the configured host group, however it is tagged
        {"parameters": ["/shelcaster/theirs/s1/platform-1"]},
        {"parameters": ["/shelcaster/ours/s1/platform-1/extra"]},
        {"parameters": ["/shelcaster/ours/notes"]},
        {"parameters": ["/shelcaster/ours/s1/readme"]},
        {"parameters": ["/shelcaster/ours-2/s1/platform-1"]},
    ],
    ids=lambda w: str(next(iter(w.values()))[0])[:60],
)
def test_what_is_not_this_deployments_own_for_a_show_is_never_touched(world: dict[str, Any]) -> None:
    assert decided(facts(**world)) == ([], [])


def test_a_dry_run_reports_a_deletion_it_already_claimed_once() -> None:
    claimed = WatchMark(kind="parameter", resource_id=KEY, acting=Op.DELETE, dry_run=True)
    dry = Policy(**{**POLICY.__dict__, "dry_run": True})
    (finding,), actions = decided(facts(parameters=[KEY], marks=[claimed]), dry)
    assert (finding.status, actions) == (ResourceStatus.REPORTED, [])
    (finding,), (delete,) = decided(facts(parameters=[KEY], marks=[claimed]))  # a real sweep is not fooled
    assert finding.status is ResourceStatus.DUE and isinstance(delete, DeleteLeftover)


# the stored key's name is the proof of ownership ------------------------------------------------------
def test_key_session_reads_back_the_names_the_bot_writes_and_only_those() -> None:
    settings = CoreSettings(
        recordings_bucket="b", medialive_role_arn="arn:aws:iam::123456789012:role/r", input_security_group_id="1"
    )
    planner = ChannelPlanner(settings=settings.model_copy(update={"deployment": "ours"}), ivs=None, secrets=None)  # type: ignore[arg-type]
    name = planner.key_parameter("5f0c2a", 3)
    assert name.startswith(key_path("ours") + "/")
    assert key_session(name, "ours") == "5f0c2a"
    assert key_session(name, "our") is None and key_session(name, "ours/5f0c2a") is None


# properties --------------------------------------------------------------------------------------------
@st.composite
def worlds(draw: st.DrawFn) -> tuple[Facts, Policy]:
    n = draw(st.integers(1, 5))
    owners = st.sampled_from(["ours", "theirs", None])
    statuses = st.sampled_from(list(SessionStatus))
    chans = [
        ivs(f"arn:aws:ivs:us-east-1:123456789012:channel/c{i}", owner=draw(owners), session=f"s{i}") for i in range(n)
    ]
    groups = [
        group(f"g{i}", owner=draw(owners), session=f"s{i}", inputs=draw(st.sampled_from([(), ("in",)])))
        for i in range(n)
    ]
    parameters = [f"/shelcaster/{draw(st.sampled_from(['ours', 'theirs']))}/s{i}/platform-1" for i in range(n)]
    sessions = []
    for i in range(n):
        if draw(st.booleans()):
            keeps = draw(st.booleans())
            caller = Source(kind=SourceKind.CALLER, number=1, name="A", security_group_id=f"g{i}" if keeps else None)
            resources = Resources(ivs_channel_arn=chans[i].arn if keeps else None)
            sessions.append(session(draw(statuses), id=f"s{i}", resources=resources, sources=[caller]))
    marks = [
        unused_mark(kind, rid, NOW - timedelta(minutes=draw(st.integers(0, 20))), dry_run=draw(st.booleans()))
        for kind, rid in [("ivs_channel", c.arn) for c in chans] + [("security_group", g.id) for g in groups]
        if draw(st.booleans())
    ]
    policy = Policy(**{**POLICY.__dict__, "dry_run": draw(st.booleans())})
    f = facts(ivs_channels=chans, groups=groups, parameters=parameters, sessions=sessions, marks=marks)
    return f, policy


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_only_our_unrecorded_leftovers_are_deleted_each_at_most_once(world: tuple[Facts, Policy]) -> None:
    f, policy = world
    _, actions = decided(f, policy)
    ours = {c.arn for c in f.ivs_channels if c.tags.get(OWNER_TAG) == "ours"}
    ours |= {g.id for g in f.security_groups if g.tags.get(OWNER_TAG) == "ours"}
    ours |= {p for p in f.parameters if p.startswith("/shelcaster/ours/")}
    for action in actions:
        if isinstance(action, Forget):
            continue
        assert action.found.id in ours
        owner = f.sessions.get(action.found.session_id)
        if isinstance(action, DeleteLeftover):
            assert not (owner and owner.status.active and owner.resources.ivs_channel_arn == action.found.id)
            assert not action.found.used_by
            if owner is not None and owner.status.active:  # a live show's: only once unrecorded for the grace
                assert action.mark is not None and action.mark.unused_since is not None
                assert action.mark.unused_since + policy.grace <= f.now
    assert max(Counter(a.mark.key if isinstance(a, Forget) else a.found.id for a in actions).values(), default=0) <= 1
