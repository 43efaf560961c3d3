"""The sweep finds the IVS channels, input security groups and stored platform keys no live show records
(a crash between a create and its write), against the sandbox AWS over HTTP; each test owns its deployment."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from core.adapters.aws.ssm import Secrets
from core.domain.channel_spec import ivs_channel_request, ownership_tags, resource_name, security_group_request
from core.domain.session import Session, SessionStatus
from core.watchdog.events import EventKind, Mode
from core.watchdog.plan import ResourceStatus
from tests.watchdog.kit import WatchKit

GRACE = timedelta(minutes=5)


def _crashed_setup(wk: WatchKit) -> Session:
    """A session left CREATING, as a `new` killed mid-setup leaves it."""
    session = Session(
        id=uuid.uuid4().hex,
        show_name="Crashed Show",
        chat_channel=wk.chat_channel,
        created_by="host",
        created_at=wk.clock(),
    )
    return wk.core.store.create(session)


def _ivs_channel(wk: WatchKit, *, deployment: str, session_id: str) -> str:
    """An IVS channel made as setup makes it, and never recorded in any session."""
    tags = ownership_tags(deployment=deployment, session_id=session_id)
    request = ivs_channel_request(name=resource_name(session_id, "Crashed Show"), tags=tags)
    return wk.core.ivs.create_channel(request).arn


def _ivs_exists(wk: WatchKit, arn: str) -> bool:
    try:
        wk.aws.ivs.get_channel(arn=arn)
    except wk.aws.ivs.exceptions.ResourceNotFoundException:
        return False
    return True


def _group_exists(wk: WatchKit, group_id: str) -> bool:
    return group_id in {
        g["Id"]
        for page in wk.aws.medialive.get_paginator("list_input_security_groups").paginate()
        for g in page["InputSecurityGroups"]
    }


def _parameter_exists(wk: WatchKit, name: str) -> bool:
    return bool(wk.aws.ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"])


@pytest.fixture
def secrets(wk: WatchKit) -> Secrets:
    return Secrets(wk.aws.ssm)


def test_an_ivs_channel_its_crashed_setup_never_recorded_is_found_and_deleted_after_the_grace(wk: WatchKit) -> None:
    crashed = _crashed_setup(wk)
    arn = _ivs_channel(wk, deployment=wk.settings.deployment, session_id=crashed.id)

    report = wk.sweep()
    (finding,) = [f for f in report.findings if f.resource_id == arn]
    assert (finding.kind, finding.status, finding.next) == ("ivs_channel", ResourceStatus.WATCHING, "delete")
    assert finding.session_id == crashed.id and finding.due_at is not None

    wk.clock.at(finding.due_at - timedelta(seconds=10))
    wk.sweep()
    assert _ivs_exists(wk, arn)  # a live setup may still be about to record it

    wk.clock.at(finding.due_at + timedelta(seconds=1))
    wk.sweep()
    assert not _ivs_exists(wk, arn)
    assert wk.recorder.kinds(arn) == [EventKind.RESOURCE_DELETED]
    assert wk.core.store.require(crashed.id).status is SessionStatus.CREATING  # the session is not the sweep's


def test_an_ivs_channel_tagged_with_a_session_the_store_never_had_is_deleted_at_once(wk: WatchKit) -> None:
    arn = _ivs_channel(wk, deployment=wk.settings.deployment, session_id=uuid.uuid4().hex)
    wk.sweep()
    assert not _ivs_exists(wk, arn)
    wk.sweep()  # gone is done: nothing more to do or to report
    assert wk.recorder.kinds(arn) == [EventKind.RESOURCE_DELETED]


def test_a_callers_group_and_a_platform_key_an_ended_show_never_recorded_are_deleted_at_once(
    wk: WatchKit, secrets: Secrets
) -> None:
    session = wk.new_session()
    tags = ownership_tags(deployment=wk.settings.deployment, session_id=session.id)
    group = wk.core.medialive.create_security_group(security_group_request(cidrs=["203.0.113.7/32"], tags=tags))
    key = wk.core.platforms.planner.key_parameter(session.id, 1)
    secrets.put(key, "live_0123456789abcdef")
    wk.core.control.end_session(session_id=session.id, actor="host")
    assert _group_exists(wk, group) and _parameter_exists(wk, key)  # the end knew nothing of them

    report = wk.sweep()
    due = {f.resource_id: (f.kind, f.status) for f in report.findings}
    assert due[group] == ("security_group", ResourceStatus.DUE)
    assert due[key] == ("parameter", ResourceStatus.DUE)
    assert not _group_exists(wk, group) and not _parameter_exists(wk, key)
    assert wk.recorder.kinds(group) == wk.recorder.kinds(key) == [EventKind.RESOURCE_DELETED]
    assert all("live_0123456789abcdef" not in str(e) for e in wk.recorder.events)


def test_what_a_live_show_records_is_left_alone(wk: WatchKit) -> None:
    session = wk.new_session()
    arn = session.resources.ivs_channel_arn
    assert arn
    for _ in range(2):
        report = wk.sweep()
        wk.clock.advance(minutes=30)
    assert _ivs_exists(wk, arn)
    assert not [f for f in report.findings if f.session_id == session.id]


@pytest.fixture
def theirs(wk: WatchKit, secrets: Secrets) -> Iterator[tuple[str, str, str, str]]:
    """Another deployment's IVS channel, group and key, and a parameter under ours that the bot never names."""
    other, session_id = f"other-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    arn = _ivs_channel(wk, deployment=other, session_id=session_id)
    tags = ownership_tags(deployment=other, session_id=session_id)
    group = wk.core.medialive.create_security_group(security_group_request(cidrs=["198.51.100.0/24"], tags=tags))
    key = f"/shelcaster/{other}/{session_id}/platform-1"
    stray = f"/shelcaster/{wk.settings.deployment}/notes/readme"
    secrets.put(key, "theirs")
    secrets.put(stray, "not a key")
    yield arn, group, key, stray
    wk.core.ivs.delete_channel(arn)
    wk.core.medialive.delete_security_group(group)
    secrets.delete(key)
    secrets.delete(stray)


def test_another_deployments_leftovers_are_never_touched(wk: WatchKit, theirs: tuple[str, str, str, str]) -> None:
    arn, group, key, stray = theirs
    for _ in range(3):
        report = wk.sweep()
        wk.clock.advance(minutes=30)
    assert _ivs_exists(wk, arn) and _group_exists(wk, group)
    assert _parameter_exists(wk, key) and _parameter_exists(wk, stray)
    assert not {arn, group, key, stray} & {f.resource_id for f in report.findings}
    assert not {arn, group, key, stray} & {e.resource_id for e in wk.recorder.events}


def test_a_kind_the_sweep_may_not_list_is_left_for_the_next_sweep_and_the_channels_are_swept_anyway(
    wk: WatchKit, caplog: pytest.LogCaptureFixture
) -> None:
    channel_id, _ = wk.raw_channel(owner=wk.settings.deployment, session_id="no-such-session", start=False)
    arn = _ivs_channel(wk, deployment=wk.settings.deployment, session_id=uuid.uuid4().hex)
    wk.sandbox.inject_fault(service="ivs", operation="ListChannels", status=403, code="AccessDeniedException")
    report = wk.sweep()
    assert channel_id in {f.resource_id for f in report.findings}
    assert _ivs_exists(wk, arn)
    assert "could not list the IVS channels" in caplog.text
    wk.sweep()
    assert not _ivs_exists(wk, arn)


def test_viewer_counts_that_cannot_be_listed_are_unknown_to_the_policy_not_zero(
    wk: WatchKit, caplog: pytest.LogCaptureFixture
) -> None:
    watchdog = wk.watch.watchdog
    policy = watchdog.policy(Mode.ACT)
    assert watchdog.facts(policy).viewers_known
    wk.sandbox.inject_fault(service="ivs", operation="ListStreams", status=403, code="AccessDeniedException")
    facts = watchdog.facts(policy)
    assert not facts.viewers_known and facts.viewers == {}
    assert "could not count the viewers of the live streams" in caplog.text
