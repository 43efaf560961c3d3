"""The adapters, the fakes and the ports agree on every method: mypy checks the types (below, and in
core/ports.py for the adapters), and this test checks names, argument kinds and defaults at run time."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from core.adapters.aws.cloudwatch import InputMetrics
from core.adapters.aws.ivs import Ivs
from core.adapters.aws.medialive import MediaLive
from core.adapters.aws.s3 import ObjectStore
from core.adapters.aws.ssm import Secrets
from core.adapters.dynamodb import SessionStore
from core.ports import (
    InputMetricsPort,
    IvsPort,
    MediaLivePort,
    ObjectStorePort,
    RealWaits,
    SecretsPort,
    SessionStorePort,
    Waits,
)
from tests.fakes.ivs import FakeIvs
from tests.fakes.medialive import FakeMediaLive
from tests.fakes.objects import FakeObjectStore
from tests.fakes.secrets import FakeSecrets
from tests.fakes.store import FakeSessionStore
from tests.fakes.waits import FakeWaits


def _fakes_satisfy_their_ports(
    store: FakeSessionStore,
    medialive: FakeMediaLive,
    ivs: FakeIvs,
    objects: FakeObjectStore,
    secrets: FakeSecrets,
    waits: FakeWaits,
) -> None:
    """Never called: mypy fails here when a fake stops offering what its port promises."""
    store_port: SessionStorePort = store
    medialive_port: MediaLivePort = medialive
    ivs_port: IvsPort = ivs
    objects_port: ObjectStorePort = objects
    secrets_port: SecretsPort = secrets
    waits_port: Waits = waits
    del store_port, medialive_port, ivs_port, objects_port, secrets_port, waits_port


SIDES: list[tuple[type[Any], list[type[Any]]]] = [
    (SessionStorePort, [SessionStore, FakeSessionStore]),
    (MediaLivePort, [MediaLive, FakeMediaLive]),
    (IvsPort, [Ivs, FakeIvs]),
    (ObjectStorePort, [ObjectStore, FakeObjectStore]),
    (SecretsPort, [Secrets, FakeSecrets]),
    (InputMetricsPort, [InputMetrics]),
    (Waits, [RealWaits, FakeWaits]),
]


def _shape(function: Any) -> list[tuple[str, Any, bool]]:
    """(name, kind, has a default) of each parameter: what a caller relies on, besides the types."""
    return [(p.name, p.kind, p.default is not p.empty) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize(("port", "sides"), SIDES, ids=[port.__name__ for port, _ in SIDES])
def test_every_port_method_is_called_the_same_way_on_the_adapter_and_the_fake(
    port: type[Any], sides: list[type[Any]]
) -> None:
    methods = [name for name, value in vars(port).items() if inspect.isfunction(value) and not name.startswith("_")]
    assert methods
    for side in sides:
        for name in methods:
            assert _shape(getattr(side, name)) == _shape(getattr(port, name)), f"{side.__name__}.{name}"
