"""Takes: start and stop them, independently of the stream; stopping cuts the take from the live buffer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core import messages
from core.clock import Clock
from core.config import CoreSettings
from core.domain.session import Session, Take
from core.ports import MediaLivePort, RealWaits, SessionStorePort, Waits
from core.show.aws_resources import SessionResources
from core.show.channel_edits import ChannelEditor
from core.show.claims import Change, Claims, Outcome, Unchanged, require_ready
from core.show.takes import CutTake, Segment, TakeCutter, timeline


@dataclass(frozen=True, kw_only=True)
class Recording:
    settings: CoreSettings
    store: SessionStorePort
    medialive: MediaLivePort
    cutter: TakeCutter
    claims: Claims
    resources: SessionResources
    editor: ChannelEditor
    clock: Clock
    waits: Waits = field(default_factory=RealWaits)  # the poll loops' clock, a fake in tests

    def start_take(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if s.take:
                raise Unchanged(messages.ALREADY_RECORDING.format(number=s.take.number))

        def work(s: Session) -> Change:
            channel_id = self.editor.channel_of(s)
            state = self.editor.state_of(channel_id)
            run = None if state.on_air else self.editor.start(s, public=s.stream_wanted)
            now = self.clock()
            take = Take(number=s.next_take_number, started_at=now, started_by=actor)

            def recording(x: Session) -> Session:
                return (run.apply_to(x) if run is not None else x).take_started(take)

            suffix = messages.RECORDING_STARTS if run is not None and not s.stream_wanted else ""
            return recording, messages.RECORDING_TAKE.format(number=take.number, suffix=suffix)

        return self.claims.act(session_id, action="record", actor=actor, check=check, work=work)

    def finish_take(self, s: Session, *, actor: str) -> CutTake:
        """Cut the take from the live buffer and store it; on failure the take stays open (nothing lost)."""
        assert s.take
        end = self.clock()
        recorded = self._settle(s.id, end)
        sources = timeline(s.on_air, start=s.take.started_at, end=end)
        cut = self.cutter.cut(
            session_id=s.id, number=s.take.number, recorded=recorded, start=s.take.started_at, end=end, sources=sources
        )
        done = s.take.stopped(
            at=end,
            by=actor,
            location=cut.location,
            seconds=cut.duration_seconds,
            segments=cut.segments,
            sources=[f"{c.at:%H:%M:%S} {c.source}" for c in sources],
        )
        self.store.update(s.id, lambda x: x.take_saved(done))
        return cut

    def _settle(self, session_id: str, end: datetime) -> list[Segment]:
        """The recorded segments, once the one covering `end` has landed (waiting ~2 segment lengths at most)."""
        deadline = self.waits.monotonic() + 2 * self.settings.segment_seconds
        segments = self.cutter.recorded(session_id)
        while segments and max(seg.end for seg in segments) < end and self.waits.monotonic() < deadline:
            self.waits.sleep(min(0.25, self.settings.poll_seconds))
            segments = self.cutter.recorded(session_id)
        return segments

    def stop_take(self, *, session_id: str, actor: str) -> Outcome:
        def check(s: Session) -> None:
            require_ready(s)
            if not s.take:
                raise Unchanged(messages.NOT_RECORDING)

        def work(s: Session) -> Change:
            assert s.take
            number = s.take.number
            cut = self.finish_take(s, actor=actor)
            now = self.clock()
            stop_channel = not s.stream_wanted and s.resources.channel_id is not None
            if stop_channel and s.resources.channel_id and self.editor.state_of(s.resources.channel_id).on_air:
                # The intent is stored first: if StopChannel fails (or this worker dies), `live stop`, the panel's
                # Stop channel button and the next refresh all know a stop is still owed.
                self.store.update(s.id, lambda x: x.stop_intended())
                self.medialive.stop_channel(s.resources.channel_id)

            def stopped(x: Session) -> Session:
                return x.channel_stopping(now) if stop_channel else x

            return stopped, self.saved_line(number, cut)

        return self.claims.act(session_id, action="record stop", actor=actor, check=check, work=work)

    def saved_line(self, number: int, cut: CutTake) -> str:
        """What the thread says of a saved take: its length, where it is, and what was on air."""
        if not cut.segments:
            return messages.TAKE_EMPTY.format(number=number)
        played = " · on air: " + " → ".join(c.source for c in cut.sources) if len(cut.sources) > 1 else ""
        return messages.TAKE_SAVED.format(
            number=number, length=_duration(cut.duration_seconds), location=cut.location, played=played
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
