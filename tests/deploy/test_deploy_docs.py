"""docs/deploy.md's examples match what the product answers."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path

from bot.entry.config import BotSettings
from bot.entry.http import wsgi_app
from bot.entry.runtime import build_runtime
from core.config import load

DEPLOY = Path(__file__).parents[2] / "docs" / "deploy.md"


def test_the_healthz_example_is_what_serve_answers(bot_env: dict[str, str]) -> None:
    shown = re.search(r"curl -s localhost:3000/healthz\n\s*(\{.*\})", DEPLOY.read_text())
    assert shown, "docs/deploy.md shows a /healthz answer under its curl line"
    runtime = replace(build_runtime(load(BotSettings)), lease_state=lambda: "held")  # serve attaches its lease
    status: list[str] = []
    body = wsgi_app(runtime.app, runtime.health)(
        {"PATH_INFO": "/healthz", "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()},
        lambda code, headers: status.append(code),  # type: ignore[arg-type,return-value]
    )
    assert status == ["200 OK"]
    assert json.loads(b"".join(body)) == json.loads(shown.group(1))
