"""Pure checks for platform outputs: what the crew typed, and what to tell them."""

from __future__ import annotations

import ipaddress
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
    problem = url_problem(url)
    if problem:
        problems["url"] = problem
    if not _KEY.match(entry.key.strip()):
        problems["key"] = "A stream key is 6 to 256 characters with no spaces (copy it from the platform)."
    return problems


MAX_URL = 512


def url_problem(url: str) -> str | None:
    """What is wrong with an ingest URL, or None. MediaLive pushes to it from AWS, so it must be a public
    RTMP(S) server; anything else in it (credentials, a query holding the key) would be stored and shown."""
    if not url:
        return "Enter the platform's RTMP or RTMPS ingest URL."
    if len(url) > MAX_URL or any(not ch.isprintable() or ch.isspace() for ch in url):
        return f"The URL must be one line of at most {MAX_URL} characters, with no spaces."
    parts = urlsplit(url)
    if parts.scheme not in ("rtmp", "rtmps"):
        return "The URL must start with rtmp:// or rtmps://."
    if parts.username or parts.password or "@" in parts.netloc:
        return "Leave credentials out of the URL: put the stream key in its own field."
    if parts.query or parts.fragment:
        return "Leave the stream key (and anything after ?) out of the URL: put the key in its own field."
    try:
        port = parts.port
    except ValueError:
        return "The port must be a number from 1 to 65535."
    if port == 0:
        return "The port must be a number from 1 to 65535."
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")) or _private_address(host):
        return "The URL must name a public server: MediaLive pushes to it from AWS."
    if not host or not _HOST.match(host) or "." not in host:
        return "The URL needs a host name, e.g. rtmp://a.rtmp.youtube.com/live2."
    return None


def _private_address(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def ingest_url(entry: PlatformInput) -> str:
    return entry.url.strip() or KNOWN_PLATFORMS[entry.kind][1]


def key_hint(key: str) -> str:
    """Enough to tell two keys apart on the panel, never enough to use one."""
    key = key.strip()
    return "••••" + key[-4:] if len(key) >= 12 else "••••"
