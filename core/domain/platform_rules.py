"""Pure checks for platform outputs: what the crew typed, and what to tell them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

KNOWN_PLATFORMS: dict[str, tuple[str, str]] = {
    # kind -> (display name, default ingest URL)
    "youtube": ("YouTube", "rtmp://a.rtmp.youtube.com/live2"),
    "facebook": ("Facebook", "rtmps://live-api-s.facebook.com:443/rtmp/"),
    "twitch": ("Twitch", "rtmp://live.twitch.tv/app"),
    "custom": ("Custom RTMP", ""),
}
_KEY = re.compile(r"^[A-Za-z0-9_\-.?=&:/+]{6,256}$")
_HOST = re.compile(r"^[A-Za-z0-9.-]+$")


@dataclass(frozen=True)
class PlatformInput:
    kind: str
    url: str
    key: str


def platform_problems(entry: PlatformInput) -> dict[str, str]:
    """Field -> what is wrong with it; empty when the entry can be used."""
    problems: dict[str, str] = {}
    if entry.kind not in KNOWN_PLATFORMS:
        problems["kind"] = "Choose YouTube, Facebook, Twitch or Custom."
    url = entry.url.strip() or KNOWN_PLATFORMS.get(entry.kind, ("", ""))[1]
    parts = urlsplit(url)
    if not url:
        problems["url"] = "Enter the platform's RTMP or RTMPS ingest URL."
    elif parts.scheme not in ("rtmp", "rtmps"):
        problems["url"] = "The URL must start with rtmp:// or rtmps://."
    elif parts.username or parts.password or "@" in parts.netloc:
        problems["url"] = "Leave credentials out of the URL: put the stream key in its own field."
    elif not parts.hostname or not _HOST.match(parts.hostname) or "." not in parts.hostname:
        problems["url"] = "The URL needs a host name, e.g. rtmp://a.rtmp.youtube.com/live2."
    if not _KEY.match(entry.key.strip()):
        problems["key"] = "A stream key is 6 to 256 characters with no spaces (copy it from the platform)."
    return problems


def ingest_url(entry: PlatformInput) -> str:
    return entry.url.strip() or KNOWN_PLATFORMS[entry.kind][1]


def key_hint(key: str) -> str:
    """Enough to tell two keys apart on the panel, never enough to use one."""
    key = key.strip()
    return "••••" + key[-4:] if len(key) >= 12 else "••••"
