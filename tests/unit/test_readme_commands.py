"""The README's first-hour commands work as written on a fresh clone: `make` targets that exist, the console
script by its path in the venv the Makefile makes, real subcommands and options, files that exist."""

from __future__ import annotations

import re
from pathlib import Path

from bot.entry.cli import MODULES
from tests.unit.test_cli_help import _parsers

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text()
TRY_IT = README.split("## Try it", 1)[1].split("\n## ", 1)[0]


def test_the_try_it_commands_name_the_venvs_console_script_or_a_make_target() -> None:
    bare = re.findall(r"(?<![/\w.])shelcaster (?:demo|sandbox|serve)\b[^`\n]*", TRY_IT)
    assert not bare, f"a fresh clone has no `shelcaster` on PATH: use .venv/bin/shelcaster or make: {bare}"


def test_every_make_target_and_shelcaster_command_in_the_readme_exists() -> None:
    targets = set(re.findall(r"^([a-z][\w.-]*):", (ROOT / "Makefile").read_text(), re.M))
    for target in re.findall(r"`make ([a-z][\w-]*)", README) + re.findall(r"^\s+make ([a-z][\w-]*)", README, re.M):
        assert target in targets, f"make {target}"
    parsers = _parsers()
    assert {m.__name__.rsplit(".", 1)[-1].replace("_", "-") for m in MODULES} <= set(parsers)
    for name, options in re.findall(r"(?<![/\w])shelcaster ([a-z][\w-]*)((?: --?[a-z][\w-]*)*)", README):
        assert name in parsers, f"shelcaster {name}"
        known = {o for a in parsers[name]._actions for o in a.option_strings}
        for option in options.split():
            assert option in known, f"shelcaster {name} {option}"


def test_the_files_the_readme_runs_exist() -> None:
    for path in re.findall(r"(sandbox/scripts/[\w.]+|docs/[\w.]+\.md)", README):
        assert (ROOT / path).exists(), path
