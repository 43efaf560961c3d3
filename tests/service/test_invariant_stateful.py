"""The promise to the account owner, as a stateful property over interleavings of crew actions, AWS faults,
`kill -9` crashes, restarts and time: a channel the bot created is always either owned by a show the crew can
see and stop, or one the watchdog's policy acts on; nothing ended is billed.

Each step is checked for safety (the status machine, nothing ended still billing, one visible show per chat
channel). At the end of each run the system is left alone as production would be — restarted processes, the
follow-up job every minute — and then the eventual promise is checked, including that `end` works.
Derandomized (the suite's hypothesis profile), so CI explores the same interleavings every run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from core.adapters.aws.medialive import ChannelFacts
from core.composition import CoreServices
from core.domain.channel_spec import SESSION_TAG
from core.domain.session import Session, SessionStatus
from core.errors import ShelcasterError
from core.watchdog.plan import DeleteChannel, Facts, Policy, Stop, Warn
from core.watchdog.policy import decide
from tests.fakes.crashes import Process, ProcessDied, acting_as, dies_at
from tests.fakes.errors import aws_error
from tests.fakes.faults import Fake, failing
from tests.service.kit import FakeKit, fake_kit

EXAMPLES = 200
STEPS = 40

CREW = ("new", "live", "live restart", "live stop", "live stop restart", "record", "record stop", "end")
# (port, method) an AWS fault or a crash can hit: every call the lifecycle makes that changes something.
CALLS = (
    ("medialive", "create_input"),
    ("medialive", "create_channel"),
    ("medialive", "start_channel"),
    ("medialive", "stop_channel"),
    ("medialive", "update_channel"),
    ("medialive", "delete_channel"),
    ("medialive", "delete_input"),
    ("medialive", "describe_channel"),
    ("ivs", "create_channel"),
    ("ivs", "delete_channel"),
    ("ivs", "delete_stream_key"),
    ("ivs", "create_stream_key"),
    ("objects", "copy"),
    ("store", "update"),
)


def _reachable(start: SessionStatus, target: SessionStatus) -> bool:
    """Through the status machine's steps (one rule may take several)."""
    seen, frontier = {start}, [start]
    while frontier:
        here = frontier.pop()
        for step in SessionStatus:
            if step not in seen and here.may_become(step):
                seen.add(step)
                frontier.append(step)
    return target in seen


def _port(kit: FakeKit, name: str) -> Fake:
    fake: Fake = getattr(kit.aws, name)
    return fake


def _crew_action(services: CoreServices, name: str, session: Session | None, chat_channel: str) -> None:
    control, recording = services.control, services.recording
    if name == "new":
        control.create_session(chat_channel=chat_channel, show_name="Stress Show", actor="host")
        return
    if session is None:
        return
    calls: dict[str, Callable[[], object]] = {
        "live": lambda: control.go_live(session_id=session.id, actor="host"),
        "live restart": lambda: control.go_live(session_id=session.id, actor="host", restart_ok=True),
        "live stop": lambda: control.stop_stream(session_id=session.id, actor="host"),
        "live stop restart": lambda: control.stop_stream(session_id=session.id, actor="host", restart_ok=True),
        "record": lambda: recording.start_take(session_id=session.id, actor="host"),
        "record stop": lambda: recording.stop_take(session_id=session.id, actor="host"),
        "end": lambda: control.end_session(session_id=session.id, actor="host"),
    }
    calls[name]()


class ShowUnderFire(RuleBasedStateMachine):
    kit: FakeKit
    process: Process

    @initialize(opening=st.sampled_from([(), ("new",), ("live",), ("record",), ("live", "record")]))
    def account(self, opening: tuple[str, ...]) -> None:
        """A fresh account, with the show as a crew would have it when trouble starts."""
        self.kit = fake_kit()
        self.started = 0
        self.process = self._restart()
        self.seen: dict[str, SessionStatus] = {}
        for action in opening:
            self.crew(action)
        self.kit.aws.waits.sleep(90)  # on air, when it started

    # the crew is the busiest actor: three of the rules below are theirs
    @rule(action=st.sampled_from(CREW))
    def crew_again(self, action: str) -> None:
        self.crew(action)

    @rule(action=st.sampled_from(CREW))
    def crew_once_more(self, action: str) -> None:
        self.crew(action)

    # what happens ------------------------------------------------------------------------------------------
    @rule(action=st.sampled_from(CREW))
    def crew(self, action: str) -> None:
        self._as_a_process(lambda s: self._command(s, action))

    @rule(call=st.sampled_from(CALLS), code=st.sampled_from(["InternalServerErrorException", "ThrottlingException"]))
    def aws_fails_once(self, call: tuple[str, str], code: str) -> None:
        port, method = call
        failing(_port(self.kit, port), method, aws_error(code, f"{method} (injected)"))

    @rule(call=st.sampled_from(CALLS), after=st.booleans())
    def process_killed_at(self, call: tuple[str, str], after: bool) -> None:
        port, method = call
        dies_at(_port(self.kit, port), method, after=after)

    @rule(seconds=st.sampled_from([1.0, 5.0, 31.0, 90.0]))
    def time_passes(self, seconds: float) -> None:
        self.kit.aws.waits.sleep(seconds)

    @rule()
    def follow_up_job(self) -> None:
        self._as_a_process(self._follow_up)

    @precondition(lambda self: self.process.alive)
    @rule()
    def restart(self) -> None:
        """A deploy or a scale event: this process goes away cleanly (claims handed back), another starts."""
        self.process.services.claims.hand_back()
        self.process.kill()
        self.process = self._restart()

    # safety, after every step ------------------------------------------------------------------------------
    @invariant()
    def statuses_only_move_forward(self) -> None:
        for s in self.kit.store.all_sessions():
            before = self.seen.get(s.id, SessionStatus.CREATING)
            assert _reachable(before, s.status), f"{s.id}: {before} -> {s.status}"
            self.seen[s.id] = s.status

    @invariant()
    def nothing_ended_is_billed(self) -> None:
        for s in self.kit.store.all_sessions():
            if s.status is SessionStatus.ENDED:
                assert not s.resources.any, f"ended {s.id} still records {s.resources}"
                assert not self._on_air_channels(s.id), f"ended {s.id} has a channel on air"
                assert all(p.end is not None for p in (*s.channel_runs, *s.live_periods))

    @invariant()
    def one_visible_show(self) -> None:
        ready = [s for s in self.kit.store.all_sessions() if s.status is SessionStatus.READY]
        assert len(ready) <= 1
        for s in ready:
            assert self.kit.store.current_id(s.chat_channel) == s.id, "a set-up show nobody can reach"

    # the eventual promise ------------------------------------------------------------------------------------
    def teardown(self) -> None:
        if not hasattr(self, "kit"):
            return
        self._left_alone()
        sessions = list(self.kit.store.all_sessions())
        assert not [s.id for s in sessions if s.status in (SessionStatus.CREATING, SessionStatus.ENDING)]
        for channel in self._our_on_air_channels():
            owner = self.kit.store.get(channel.tags.get(SESSION_TAG, ""))
            if owner is not None and self._visible_and_stoppable(owner, channel.id):
                continue
            assert self._watchdog_acts_on(channel.id), f"{channel.id} runs for {owner} and nobody will stop it"
        for s in [s for s in sessions if s.status is SessionStatus.READY]:  # the crew's stop works
            self._end(s.id)
            ended = self.kit.store.require(s.id)
            assert ended.status is SessionStatus.ENDED, ended.last_error
            assert not self._on_air_channels(s.id)

    # helpers ------------------------------------------------------------------------------------------------
    def _restart(self) -> Process:
        self.started += 1
        process = Process(self.kit.settings, self.kit.aws, name=f"serve-{self.started}")
        acting_as(process)
        return process

    def _as_a_process(self, work: Callable[[CoreServices], None]) -> None:
        if not self.process.alive:  # killed: the orchestrator starts a new one
            self.process = self._restart()
        acting_as(self.process)
        try:
            work(self.process.services)
        except ShelcasterError as error:  # refused, or AWS failed: the crew is told; what matters is what is left
            event(f"refused: {type(error).__name__}")
        except ProcessDied:
            event("a process was killed mid-action")

    def _command(self, services: CoreServices, action: str) -> None:
        """A crew command as the Desk runs it: a show whose worker died is finished first."""
        current = services.control.current(chat_channel=self.kit.chat_channel)
        if current is not None:
            services.control.resume(session_id=current.id)
            current = services.control.current(chat_channel=self.kit.chat_channel)
        _crew_action(services, action, current, self.kit.chat_channel)
        after = services.control.current(chat_channel=self.kit.chat_channel)
        event(f"{action} -> {after.status if after else 'no show'} {after.stream if after else ''}")

    def _follow_up(self, services: CoreServices) -> None:
        """What the scheduler's follow-up job does for every live show."""
        for s in list(self.kit.store.all_sessions()):
            if s.status.active:
                try:
                    services.control.resume(session_id=s.id)
                    services.control.refresh(session_id=s.id)
                except ShelcasterError:
                    continue

    def _left_alone(self) -> None:
        """Nobody touches anything for a while; processes crash on the faults still armed and are restarted."""
        for _ in range(12):
            self.kit.aws.waits.sleep(61)
            self._as_a_process(self._follow_up)

    def _end(self, session_id: str) -> None:
        """`end`, retried as a producer would: each armed fault or crash fires once, so it gets through."""
        for _ in range(STEPS + 6):
            try:
                if not self.process.alive:
                    self.process = self._restart()
                acting_as(self.process)
                self.process.services.control.end_session(session_id=session_id, actor="host")
                return
            except (ShelcasterError, ProcessDied):
                self.kit.aws.waits.sleep(31)

    def _our_on_air_channels(self) -> list[ChannelFacts]:
        owned = self.kit.settings.deployment
        return [
            c
            for c in self.kit.aws.medialive.list_channels()
            if c.state.on_air and Policy.of(self.kit.settings.watchdog, deployment=owned).owns(c.tags)
        ]

    def _on_air_channels(self, session_id: str) -> list[str]:
        return [
            c.id
            for c in self.kit.aws.medialive.list_channels()
            if c.state.on_air and c.tags.get(SESSION_TAG) == session_id
        ]

    def _visible_and_stoppable(self, owner: Session, channel_id: str) -> bool:
        """The panel shows it on air with a stop: live or recording, or a stop the next refresh finishes."""
        current = self.kit.store.current_id(owner.chat_channel) == owner.id
        shown = owner.stream_wanted or owner.take is not None or owner.stop_wanted
        return owner.status is SessionStatus.READY and owner.resources.channel_id == channel_id and current and shown

    def _watchdog_acts_on(self, channel_id: str) -> bool:
        """The watchdog's own policy, on what AWS and the store say now, warns about, stops or deletes it."""
        aws, now = self.kit.aws, self.kit.aws.waits.now()
        channels = list(aws.medialive.list_channels())
        inputs = list(aws.medialive.list_inputs())
        policy = Policy.of(self.kit.settings.watchdog, deployment=self.kit.settings.deployment, dry_run=False)
        sessions = {s.id: s for s in self.kit.store.all_sessions()}
        since = now - policy.idle - timedelta(minutes=1)
        facts = Facts(now, channels, inputs, sessions, {}, {c.id: None for c in channels}, since)
        acting = (Warn, Stop, DeleteChannel)
        return any(isinstance(a, acting) and a.channel.id == channel_id for a in decide(facts, policy).actions)


ShowUnderFire.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None)
test_the_bot_never_loses_control_of_a_billing_channel = ShowUnderFire.TestCase
