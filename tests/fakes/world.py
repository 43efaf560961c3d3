"""Every fake wired to the others and to one FakeWaits, as the sandbox account is provisioned."""

from __future__ import annotations

from dataclasses import dataclass

from core.composition import CoreServices, compose
from core.config import CoreSettings
from core.ports import SessionStorePort
from sandbox.aws.timings import SandboxTimings
from tests.fakes.ivs import FakeIvs
from tests.fakes.medialive import FakeMediaLive
from tests.fakes.objects import FakeObjectStore
from tests.fakes.secrets import FakeSecrets
from tests.fakes.store import FakeSessionStore
from tests.fakes.waits import FakeWaits


@dataclass(frozen=True)
class FakeAws:
    waits: FakeWaits
    store: FakeSessionStore
    medialive: FakeMediaLive
    ivs: FakeIvs
    objects: FakeObjectStore
    secrets: FakeSecrets
    input_security_group_id: str  # the shared group that admits anyone, as `sandbox.provision` makes it


def fake_aws(
    *,
    bucket: str = "shelcaster-recordings",
    timings: SandboxTimings | None = None,
    poll_seconds: float = 0.1,
    timeout_seconds: float = 30.0,
) -> FakeAws:
    waits = FakeWaits()
    objects = FakeObjectStore(bucket=bucket)
    medialive = FakeMediaLive(
        waits, objects=objects, timings=timings, poll_seconds=poll_seconds, timeout_seconds=timeout_seconds
    )
    group = medialive.create_security_group({"WhitelistRules": [{"Cidr": "0.0.0.0/0"}]})
    return FakeAws(
        waits=waits,
        store=FakeSessionStore(clock=waits.now),
        medialive=medialive,
        ivs=FakeIvs(medialive, waits),
        objects=objects,
        secrets=FakeSecrets(),
        input_security_group_id=group,
    )


def core_on(settings: CoreSettings, aws: FakeAws, *, store: SessionStorePort | None = None) -> CoreServices:
    """The core's services on these fakes and their manual clock. Held claims are renewed only by
    `claims.renew_due()`: the caller wires its worker's heartbeat to the clock (`aws.waits.on_advance`)."""
    return compose(
        settings,
        store=store if store is not None else aws.store,
        medialive=aws.medialive,
        ivs=aws.ivs,
        secrets=aws.secrets,
        objects=aws.objects,
        clock=aws.waits.now,
        waits=aws.waits,
        heartbeat=False,
    )
