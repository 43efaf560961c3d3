"""Offset-based NextToken pagination shared by the sandbox's List/Describe operations."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from .errors import SandboxError


def paginate(
    items: list[dict[str, Any]],
    max_results: int | None,
    token: str | None,
    error: type[SandboxError],
    default: int = 1000,
    limit: int = 1000,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``items`` and the token of the next page (None on the last page)."""
    size = default if max_results is None else max_results
    if not 1 <= size <= limit:
        raise error(f"MaxResults must be between 1 and {limit}")
    offset = 0
    if token:
        try:
            offset = int(json.loads(base64.urlsafe_b64decode(token.encode()))["offset"])
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise error("Invalid NextToken") from exc
    end = offset + size
    following = None
    if end < len(items):
        following = base64.urlsafe_b64encode(json.dumps({"offset": end}).encode()).decode()
    return items[offset:end], following
