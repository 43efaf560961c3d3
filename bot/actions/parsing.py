"""Turn the free text after `/shelcaster` into a subcommand and its arguments (pure)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TEXT = 1000

_SLACK_ESCAPE = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"', "\u00bb": '"'}
)


@dataclass(frozen=True)
class Parsed:
    words: tuple[str, ...]
    rest: str  # the text after the first word, tidied, for names and titles

    @property
    def head(self) -> str:
        return self.words[0] if self.words else ""


def _unescape(match: re.Match[str]) -> str:
    """Slack's escaped forms become their visible text: a label, a #channel, a user id, or a URL."""
    sigil, target, label = match.group(1), match.group(2), match.group(3)
    if label:
        return ("#" if sigil == "#" else "") + label
    if sigil == "@":
        return "@" + target
    if sigil == "#":
        return "#" + target
    if sigil == "!":
        return "@" + target.split("^")[0]
    return target


def tidy(text: str) -> str:
    """Normalise unicode, Slack's escapes and HTML entities, curly quotes and runs of white space."""
    text = unicodedata.normalize("NFKC", text or "")[: MAX_TEXT * 4]
    text = _SLACK_ESCAPE.sub(_unescape, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = "".join(ch for ch in text.translate(_QUOTES) if ch.isprintable() or ch in " \t\n")
    return " ".join(text.split())


def parse(text: str) -> Parsed:
    clean = tidy(text)
    words = tuple(w.lower().strip("\"'") for w in clean.split(" ") if w.strip("\"'"))
    rest = clean.split(" ", 1)[1] if " " in clean else ""
    return Parsed(words=words, rest=rest.strip().strip("\"'").strip())


# Slack reads <…> as a mention or link and & as an entity, so a name typed as `&lt;!channel&gt;` (which tidy() has
# made `<!channel>`) would notify everyone. Names keep look-alike characters instead.
_INERT = str.maketrans({"<": "\u2039", ">": "\u203a", "&": "\uff06"})  # single angle quotes, fullwidth ampersand


def label(text: str, *, limit: int) -> str:
    """A crew-given name or title that renders as itself in any message: no mentions, links or formatting."""
    clean = text.translate(_INERT).replace("*", "").replace("`", "").replace("~", "").replace('"', "")
    return " ".join(clean.split())[:limit].strip()


def show_name(rest: str, *, default: str) -> str:
    """A show name fit for a panel header: printable, at most 80 characters."""
    return label(rest, limit=80) or default


_DURATION = re.compile(r"^(?:(\d{1,2})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?|s)?)?)?$")


def planned_show(rest: str) -> tuple[str, int | None]:
    """`Late Show for 2h` -> ('Late Show', 120); a name without a trailing `for <duration>` is all name."""
    name, sep, length = rest.rpartition(" for ")
    minutes = duration_minutes(length) if sep and name.strip() else None
    return (name, minutes) if minutes else (rest, None)


def duration_minutes(text: str) -> int | None:
    """'2h', '90m', '1h30m', '45' (minutes) -> minutes; None when it is not a duration."""
    text = text.strip().lower().replace(" ", "")
    if text.isdigit():
        return int(text)
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
