"""RTMP outputs that cannot connect: they fail, raise an alert, and when their retries expire they stop.

MediaLive UG "Fields for the RTMP connection": "When MediaLive tries to reconnect, Connection retry interval
specifies how often to retry. Num retries specifies how many times to retry. When the retries expire, this
output stops. The channel stops because the single output has lost its connection."

In the sandbox an RTMP output to a sandbox IVS ingest host fails while IVS does not take it: its stream key
is not a current key of that channel, or another push already holds the channel (``IvsState.pusher``).
Outputs to hosts the sandbox does not know (YouTube and the like) count as connected unless a test makes the
host refuse (``AwsSandbox.refuse_rtmp``: a wrong key, an ended event on the platform).
"""

from __future__ import annotations

from .alerts import clear_alert, raise_alert
from .ivs_state import IvsState
from .medialive_state import Channel, Run
from .rtmp import LinkState, RtmpLink, rtmp_links

# AWS does not document the alert a failing RTMP output raises; this is the sandbox's name for it.
RTMP_ALERT = "RTMP Connection Failure"


def _connected(ivs: IvsState, channel: Channel, link: RtmpLink, now: float) -> bool:
    if link.host not in ivs.hosts:
        return link.host not in ivs.ml.refusing_hosts
    target = next((c for c in ivs.channels.values() if c.ingest == link.host), None)
    taken = None if target is None else ivs.pusher(target, now)
    return taken is not None and taken[0] is channel and taken[1].key == link.key


def evaluate(ivs: IvsState, now: float) -> None:
    """Update every running channel's RTMP links; call under the lock, after settling the channels."""
    ml = ivs.ml
    for channel in list(ml.channels.values()):
        run = channel.run
        if channel.state != "RUNNING" or run is None:
            continue
        failing: set[int] = set()
        for link in rtmp_links(channel.spec):
            fresh = link.key not in run.links
            state = run.links.setdefault(link.key, LinkState())
            if state.stopped:
                failing.add(link.key[2])
                continue
            if _connected(ivs, channel, link, now):
                _reconnect(state, now, ml.behaviour().rtmp_retries_reset_on_connect)
                continue
            failing.add(link.key[2])
            if state.failing_since is None:
                state.failing_since = run.started_at if fresh else now
            budget = link.retry_interval * link.retries * ml.timings().rtmp_retry_scale
            expires = state.failing_since + max(0.0, budget - state.spent)
            if now < expires:
                raise_alert(
                    channel, RTMP_ALERT, f"RTMP output to {link.host} cannot connect; retrying", now, [link.key[2]]
                )
            elif _expire(ivs, channel, run, link, state, expires):
                break
        for pipeline in range(channel.pipelines):
            if pipeline not in failing:
                clear_alert(channel, RTMP_ALERT, now, pipeline)


def _reconnect(state: LinkState, now: float, reset: bool) -> None:
    if state.failing_since is not None:
        state.spent = 0.0 if reset else state.spent + (now - state.failing_since)
        state.failing_since = None


def _expire(ivs: IvsState, channel: Channel, run: Run, link: RtmpLink, state: LinkState, at: float) -> bool:
    """The link's retries ran out at ``at``; returns True when that stopped the whole channel."""
    ml = ivs.ml
    clear_alert(channel, RTMP_ALERT, at, link.key[2])
    message = f"RTMP output to {link.host}: retries expired, the output stopped"
    raise_alert(channel, RTMP_ALERT, message, at, [link.key[2]])
    state.stopped = True
    if ml.behaviour().rtmp_expiry == "output_stops":
        return False
    ml.end_run(channel, at)
    channel.go("STOPPING", at, "IDLE", ml.timings().stop)
    return True
