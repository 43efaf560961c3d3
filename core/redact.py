"""Scrub secrets from any text that might reach Slack or a log line."""

from __future__ import annotations

import re

_PATTERNS = (
    re.compile(r"sk_[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+"),  # IVS stream keys
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),  # Slack tokens
    re.compile(r"(?i)(stream[_ -]?(?:name|key)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
)


def redact(text: str) -> str:
    out = _PATTERNS[0].sub("sk_***", text)
    out = _PATTERNS[1].sub("xox*-***", out)
    return _PATTERNS[2].sub(r"\1***", out)
