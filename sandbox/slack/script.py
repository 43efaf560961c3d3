"""Driving a Console from a terminal (run_interactive) or from a list of steps (run_script)."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

from sandbox.slack.console import Console

HELP = """\
  /command text        run a slash command, e.g. /shelcaster status
  click N|label        click a button (by its [number] or its label)
  cancel N|label       click a button but cancel its confirm dialog
  select N|label OPT   choose OPT in a select menu (quote labels with spaces)
  submit key=value ... submit the open modal (keys: block_id, action_id or label)
  as USER              act as another member (id or name)
  home                 open the app's Home tab and print it (admins see every channel)
  home click label     click a button on the Home tab
  encoder on|off       the studio's encoder starts or stops pushing to the show's host input (demo only)
  show                 print the channel
  wait SECONDS         pause
  wait for TEXT        wait until TEXT is on screen (60 s)
  expect TEXT          fail unless TEXT is on screen (expect not TEXT: fail if it is)
  help, quit           this text; leave"""


# Connects (True) or disconnects the studio's encoder of the console's show; returns what it did, to print.
Encoder = Callable[[bool], str]


class _Quit(Exception):
    pass


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


class _Runner:
    def __init__(self, console: Console, out: TextIO, wait_timeout: float, encoder: Encoder | None = None) -> None:
        self.console, self.out, self.wait_timeout = console, out, wait_timeout
        self.encoder = encoder

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def show(self) -> None:
        self.say(self.console.render())

    def _acted(self, status: int, since: int, *, allow_no_request: bool = False) -> str | None:
        if status == 0 and allow_no_request:
            self.show()
            return None
        if status == 200:  # a refused request has no follow-ups to wait for
            self.console.settle(since)
        self.show()
        return None if status == 200 else f"the app answered HTTP {status}" if status else "no request reached the app"

    def step(self, line: str) -> str | None:
        """Run one line; returns why it failed, or None."""
        line = line.strip()
        if not line or line.startswith("#"):
            return None
        verb, _, rest = line.partition(" ")
        rest = rest.strip()
        console, since = self.console, self.console.slack.state.call_count()
        if verb.startswith("/"):
            return self._acted(console.slash(rest, command=verb), since)
        if verb == "click":
            return self._acted(console.click(_unquote(rest)), since)
        if verb == "cancel":
            return self._acted(console.click(_unquote(rest), confirm=False), since, allow_no_request=True)
        if verb == "select":
            words = shlex.split(rest)
            if len(words) < 2:
                return "usage: select N|label OPTION"
            return self._acted(console.select(words[0], " ".join(words[1:])), since)
        if verb == "submit":
            pairs = [w.partition("=") for w in shlex.split(rest)]
            if any(not sep for _, sep, _ in pairs):
                return "usage: submit key=value ..."
            return self._acted(console.submit_view({k: v for k, _, v in pairs}), since)
        if verb == "home":
            if rest.startswith("click "):
                status = console.click_home(_unquote(rest.removeprefix("click ")))
            else:
                status = console.open_home()
            if status == 200:
                console.settle(since)
            self.say(console.home_render())
            return (
                None if status == 200 else f"the app answered HTTP {status}" if status else "no request reached the app"
            )
        if verb == "encoder" and rest in ("on", "off"):
            if self.encoder is None:
                return "no simulated encoder here"
            self.say(self.encoder(rest == "on"))
            return None
        if verb == "as":
            console.as_user(rest)
            self.say(f"(now acting as {rest})")
            return None
        if verb == "wait":
            if rest.startswith("for "):
                text = _unquote(rest.removeprefix("for "))
                return None if console.wait_for(text, self.wait_timeout) else f"timed out waiting for {text!r}"
            time.sleep(float(rest))
            return None
        if verb == "expect":
            negate = rest.startswith("not ")
            text = _unquote(rest.removeprefix("not ") if negate else rest)
            if (text in console.render()) == negate:
                return f"{'found' if negate else 'did not find'} {text!r} on screen"
            self.say(f"ok: {'no ' if negate else ''}{text!r}")
            return None
        if verb == "show":
            self.show()
            return None
        if verb == "help":
            self.say(HELP)
            return None
        if verb in ("quit", "exit"):
            raise _Quit
        return f"unknown step {verb!r} (try help)"


def run_interactive(console: Console, stdin: TextIO = sys.stdin, *, encoder: Encoder | None = None) -> None:
    """A read-eval-print loop for a person at a terminal; output goes to console.out."""
    runner = _Runner(console, console.out, wait_timeout=60.0, encoder=encoder)
    runner.show()
    runner.say("(type help for commands)")
    while True:
        print("> ", end="", file=console.out, flush=True)
        line = stdin.readline()
        if not line:
            return
        try:
            problem = runner.step(line)
        except _Quit:
            return
        except (LookupError, ValueError) as e:
            problem = str(e)
        if problem:
            runner.say(f"! {problem}")


def run_script(
    console: Console, lines: Iterable[str], *, wait_timeout: float = 60.0, encoder: Encoder | None = None
) -> int:
    """Run steps in order, printing each and the screen; 0 if all passed, 1 at the first failure."""
    runner = _Runner(console, console.out, wait_timeout, encoder=encoder)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        runner.say(f"> {line}")
        try:
            problem = runner.step(line)
        except _Quit:
            return 0
        except (LookupError, ValueError) as e:
            problem = str(e)
        if problem:
            runner.say(f"FAILED at step {number} ({line}): {problem}")
            runner.show()
            return 1
    return 0
