"""tests/service's `kit`: the core's services on the in-memory fakes, a fresh account per test. (The root
conftest's `kit` is the same services over the sandbox, which tests/core uses.)"""

from __future__ import annotations

import pytest

from tests.service.kit import FakeKit, fake_kit


@pytest.fixture
def kit() -> FakeKit:
    return fake_kit()
