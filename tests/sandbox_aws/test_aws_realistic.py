"""Realistic timings on request: the preset, and the switches that turn it on."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bot.entry.cli_commands import demo, sandbox
from sandbox.aws import SandboxTimings


def test_realistic_preset_matches_the_user_guide():
    timings = SandboxTimings.realistic()
    # MediaLive UG: "Most channels start in 3 minutes or less, but a startup time up to 10 minutes is still normal."
    assert 60 <= timings.start <= 180
    assert (timings.create, timings.stop, timings.update, timings.delete, timings.segment) == (20, 30, 15, 20, 6)
    assert SandboxTimings().start < 5  # the defaults stay fast for tests


def test_a_realistic_sandbox_takes_its_time(aws):
    aws.sandbox.set_timings(SandboxTimings.realistic())
    created = aws.ml.create_channel(**aws.channel_args([]))["Channel"]
    time.sleep(0.5)
    assert aws.state(created["Id"]) == "CREATING"


@pytest.mark.parametrize("module", [sandbox, demo])
def test_cli_commands_take_realistic(module):
    parser = argparse.ArgumentParser()
    module.add(parser.add_subparsers())
    name = module.__name__.rsplit(".", 1)[1]
    assert parser.parse_args([name, "--realistic"]).realistic is True
    assert parser.parse_args([name]).realistic is False


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize("target", ["demo", "sandbox"])
def test_make_passes_realistic_when_asked(target):
    root = Path(__file__).resolve().parents[2]

    def dry_run(*extra: str) -> str:
        command = ["make", "-s", "-n", target, *extra]
        return subprocess.run(command, cwd=root, capture_output=True, text=True, check=True).stdout

    assert "--realistic" in dry_run("REALISTIC=1")
    assert "--realistic" not in dry_run()
