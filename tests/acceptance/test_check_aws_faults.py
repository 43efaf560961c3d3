"""A check run cleans up whatever happens: an AWS fault at any step, Ctrl-C, or a kill (then the next run does)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.acceptance.estimate import RunPlan
from core.acceptance.report import Outcome, StepStatus
from core.domain.channel_spec import OWNER_TAG
from sandbox.aws import SandboxBehaviour
from tests.acceptance.conftest import World

ROOT = Path(__file__).parents[2]

# The first AWS call each step makes that nothing before it in the run makes (a 400 is not retried).
FAULTS = {
    "clip": ("s3", "PutObject", "InvalidRequest"),
    "create": ("ivs", "CreateChannel", "ValidationException"),
    "track": ("medialive", "CreateInput", "BadRequestException"),
    "start": ("medialive", "StartChannel", "BadRequestException"),
    "role": ("medialive", "DescribeChannel", "BadRequestException"),
    "recording": ("s3", "ListObjectsV2", "InvalidRequest"),
    "take": ("s3", "CopyObject", "InvalidRequest"),
    "switch": ("medialive", "BatchUpdateSchedule", "BadRequestException"),
    "metrics": ("cloudwatch", "GetMetricData", "InvalidParameterValue"),
    "revoke": ("ivs", "DeleteStreamKey", "ValidationException"),
    "stop": ("medialive", "StopChannel", "BadRequestException"),
    "delete": ("medialive", "DeleteChannel", "BadRequestException"),
}


@pytest.mark.parametrize("step", list(FAULTS))
def test_a_fault_at_any_step_is_named_and_everything_is_still_removed(world: World, step: str) -> None:
    world.sandbox.set_behaviour(SandboxBehaviour(rtmp_expiry="output_stops"))  # so `stop` has a channel to stop
    service, operation, code = FAULTS[step]

    def inject(name: str) -> None:
        if name == step:
            world.sandbox.inject_fault(service=service, operation=operation, status=400, code=code, message="boom")

    report = world.account_check().run(confirm=lambda plan: True, on_step=inject)

    assert report.outcome is Outcome.FAILED
    failed = report.failed_step
    assert failed is not None and failed.name == step
    assert failed.error and "boom" in failed.error  # what AWS said reaches the report
    names = [s.name for s in report.steps]
    after = names[names.index(step) + 1 : -1]
    assert all(s.status is StepStatus.SKIPPED for s in report.steps if s.name in after)
    assert report.steps[-1].name == "cleanup" and report.steps[-1].status is StepStatus.OK
    assert report.reason.startswith(f"{step}: ")
    assert world.leftovers() == []


def _cli(world: World) -> subprocess.Popen[str]:
    env = {**os.environ, **world.env, "SHELCASTER_CHECK_TAKE_SECONDS": "30"}  # long enough to be caught in it
    return subprocess.Popen(
        [sys.executable, "-m", "bot.entry.cli", "check-aws", "--yes"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_a_running_channel(world: World, process: subprocess.Popen[str]) -> None:
    ml = world.client("medialive")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        channels = ml.list_channels()["Channels"]
        if any(c["Tags"].get(OWNER_TAG) == world.settings.deployment and c["State"] == "RUNNING" for c in channels):
            return
        time.sleep(0.1)
    pytest.fail(f"no running channel of the check (exit {process.poll()})")


def test_ctrl_c_during_a_run_cleans_up_before_it_exits(world: World) -> None:
    process = _cli(world)
    _wait_for_a_running_channel(world, process)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert ": INTERRUPTED" in out and "interrupted (Ctrl-C)" in out
    assert "cleanup    ok" in out
    assert world.leftovers() == []


def test_a_second_run_removes_what_a_killed_run_left(world: World) -> None:
    process = _cli(world)
    _wait_for_a_running_channel(world, process)
    process.kill()  # no `finally`, no cleanup
    process.communicate(timeout=10)
    left = world.leftovers()
    assert any(item.startswith("channel ") for item in left) and any(item.startswith("ivs ") for item in left)
    time.sleep(world.check.lease_seconds + 1)  # the killed run's hold on the account lapses

    # A fault while removing them: the run stops there, makes nothing, and says what is still there.
    boom = {"status": 400, "code": "BadRequestException", "message": "boom", "times": 5}
    world.sandbox.inject_fault(service="medialive", operation="DeleteChannel", **boom)
    blocked = world.account_check().run(confirm=lambda plan: True)
    assert blocked.failed_step is not None and blocked.failed_step.name == "leftovers"
    assert "Could not remove an earlier run's leftovers" in (blocked.failed_step.error or "")
    assert all(s.status is StepStatus.SKIPPED for s in blocked.steps[1:-1])
    assert any(item.startswith("channel ") for item in world.leftovers())
    world.sandbox.clear_faults()

    planned: list[RunPlan] = []

    def confirm(plan: RunPlan) -> bool:
        planned.append(plan)
        return True

    def stop_after_the_leftovers(step: str) -> None:
        if step == "clip":  # the rest of a run is shown by the tests above
            raise KeyboardInterrupt

    report = world.account_check().run(confirm=confirm, on_step=stop_after_the_leftovers)

    assert {item.run_id for item in planned[0].leftovers} == {left_run(left)}
    first = report.steps[0]
    assert first.name == "leftovers" and first.status is StepStatus.OK
    assert first.found == [f"removed {len(planned[0].leftovers)} leftover(s) of run {left_run(left)}"]
    assert report.outcome is Outcome.INTERRUPTED
    assert world.leftovers() == []


def left_run(left: list[str]) -> str:
    """The run id in the killed run's session record (`item session#<run id>`)."""
    [record] = [item for item in left if item.startswith("item session#")]
    return record.removeprefix("item session#")
