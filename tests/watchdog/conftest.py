"""Fixtures for the watchdog: a kit on the sandbox scoped to its own deployment tag."""

from __future__ import annotations

import pytest

from sandbox.aws import AwsSandbox
from sandbox.provision import SandboxAccount
from tests.watchdog.kit import WatchKit, watch_kit


@pytest.fixture
def wk(account: SandboxAccount, aws_sandbox: AwsSandbox) -> WatchKit:
    return watch_kit(account, aws_sandbox)
