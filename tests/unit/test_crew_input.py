"""What the crew types can never make the bot notify everyone, link elsewhere, or push to a private address."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.actions.parsing import label, parse, planned_show, show_name
from core.domain.platform_rules import PlatformInput, platform_problems

KEY = "abcdef123456789"


@pytest.mark.parametrize(
    "typed", ["&lt;!channel&gt;", "&lt;!everyone&gt; now", "<!here>", "&lt;https://evil.example|YouTube&gt;"]
)
def test_a_name_with_a_mention_or_link_is_kept_as_plain_text(typed: str) -> None:
    name = show_name(parse(f"new {typed}").rest, default="x")
    assert "<" not in name and ">" not in name and "&" not in name


@given(st.text(max_size=300))
def test_no_crew_given_name_can_carry_slack_markup(text: str) -> None:
    for name in (show_name(parse(f"new {text}").rest, default="x"), label(text, limit=60)):
        assert not re.search(r"[<>&*`~]", name)
        assert len(name) <= 80


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("rtmp://127.0.0.1/live", "public server"),
        ("rtmp://localhost/live", "public server"),
        ("rtmp://169.254.169.254/latest", "public server"),
        ("rtmp://10.1.2.3/app", "public server"),
        ("rtmp://[::1]/app", "public server"),
        ("rtmp://a.example.com:99999/app", "port"),
        ("rtmp://a.example.com:0/app", "port"),
        ("rtmp://a.example.com/" + "x" * 5000, "at most 512"),
        ("rtmp://a.example.com/app\nX-Injected: 1", "one line"),
        ("rtmp://a.example.com/app?key=secret123456", "out of the URL"),
        ("rtmp://a.example.com/app#frag", "out of the URL"),
        ("rtmp://user:pw@a.example.com/app", "credentials"),
    ],
)
def test_platform_urls_that_are_not_a_public_rtmp_server_are_refused(url: str, says: str) -> None:
    problems = platform_problems(PlatformInput(kind="custom", url=url, key=KEY))
    assert says in problems.get("url", ""), problems


@pytest.mark.parametrize("url", ["rtmp://a.rtmp.youtube.com/live2", "rtmps://live.example.com:443/app/", ""])
def test_ordinary_ingest_urls_are_accepted(url: str) -> None:
    assert platform_problems(PlatformInput(kind="youtube", url=url, key=KEY)) == {}


def test_a_show_name_may_end_with_its_planned_length() -> None:
    assert planned_show("Late Show for 2h") == ("Late Show", 120)
    assert planned_show("Late Show for 1h30m") == ("Late Show", 90)
    assert planned_show("Late Show") == ("Late Show", None)
    assert planned_show("Songs for lovers") == ("Songs for lovers", None)  # not a length: all name
    assert planned_show("for 2h") == ("for 2h", None)  # nothing before it: a name
