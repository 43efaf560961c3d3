"""The Dockerfile, read statically (no Docker engine needed): slim, multi-stage, non-root, health-checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
Instruction = tuple[str, str]


def instructions() -> list[Instruction]:
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def final_stage() -> list[Instruction]:
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def _exec_form(value: str) -> list[str]:
    parsed = json.loads(value)
    assert isinstance(parsed, list), "use the exec (JSON) form"
    return [str(p) for p in parsed]


def test_every_stage_is_python_slim_and_the_build_is_multi_stage() -> None:
    bases = [rest.split()[0] for keyword, rest in instructions() if keyword == "FROM"]
    assert len(bases) >= 2
    assert set(bases) == {"python:3.11-slim"}


def test_runs_as_a_non_root_user() -> None:
    users = [rest for keyword, rest in final_stage() if keyword == "USER"]
    assert users, "the final stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_installs_no_sandbox_or_dev_dependencies() -> None:
    runs = " ".join(rest for keyword, rest in instructions() if keyword == "RUN")
    for banned in ("[sandbox", "[dev", "moto", "pytest", "pip install -e", "--editable"):
        assert banned not in runs
    assert "--no-index" in " ".join(rest for keyword, rest in final_stage() if keyword == "RUN")


def test_only_runtime_sources_enter_the_build_context() -> None:
    lines = [ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines()]
    patterns = [ln for ln in lines if ln and not ln.startswith("#")]
    assert patterns[0] == "*"
    assert {p for p in patterns if p.startswith("!")} == {"!pyproject.toml", "!README.md", "!core/", "!bot/"}


def test_entry_point_is_shelcaster_serve_on_port_3000() -> None:
    stage = dict(final_stage())
    assert _exec_form(stage["ENTRYPOINT"]) + _exec_form(stage.get("CMD", "[]")) == ["shelcaster", "serve"]
    assert stage["EXPOSE"].split() == ["3000"]


def healthcheck_command() -> list[str]:
    [check] = [rest for keyword, rest in final_stage() if keyword == "HEALTHCHECK"]
    _, _, command = check.partition("CMD ")
    return _exec_form(command)


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[HTTPServer]:
    server = HTTPServer(("127.0.0.1", 0), type("Handler", (_Health,), {}))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_healthcheck_fails_when_healthz_is_not_200(health_server: HTTPServer, status: int, healthy: bool) -> None:
    command = healthcheck_command()
    assert command[0] == "python"
    assert "http://127.0.0.1:3000/healthz" in command[-1]
    health_server.RequestHandlerClass.status = status  # type: ignore[attr-defined]
    script = command[-1].replace(":3000/", f":{health_server.server_port}/")
    run = subprocess.run([sys.executable, *command[1:-1], script], capture_output=True, timeout=30, check=False)
    assert (run.returncode == 0) is healthy
