"""Request values checked against the operation's botocore input shape: patterns, lengths and enums.

botocore's client validates required members and types but not patterns, so a name AWS would refuse
reaches the sandbox; here it is refused as AWS does (MediaLive BadRequestException, IVS ValidationException).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

log = logging.getLogger(__name__)

# botocore's MediaLive model carries no min/max traits, only shape names generated from them
# (``__stringMin1Max255``); the sandbox reads the bounds from those names.
_NAMED_BOUNDS = re.compile(r"__string(?:Min(?P<min>\d+))?(?:Max(?P<max>\d+))?(?:Pattern\w*)?")
# Patterns in the model that no real value can match: IVS ResourceArn's ``[a-z-]/`` admits one-letter
# resource types only, yet IVS tags real channel and stream-key ARNs. The sandbox skips these.
_ERRATA = frozenset({("ivs", "ResourceArn")})


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        # e.g. IVS TagKey's \p{L}: Python's re has no Unicode property classes, so it goes unchecked.
        log.debug("sandbox: model pattern %r is not a Python regex; not checked", pattern)
        return None


def _bounds(shape: Shape) -> tuple[int | None, int | None]:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    named = _NAMED_BOUNDS.fullmatch(shape.name)
    if named is not None and low is None and high is None:
        low, high = named["min"], named["max"]
    return (None if low is None else int(low)), (None if high is None else int(high))


def _string(service: str, shape: Shape, value: str, path: str) -> list[str]:
    shown = f"Value {value!r} at '{path}' failed to satisfy constraint: Member must"
    problems = []
    enum = getattr(shape, "enum", None) or []
    if enum and value not in enum:
        problems.append(f"{shown} satisfy enum value set: [{', '.join(enum)}]")
    low, high = _bounds(shape)
    if low is not None and len(value) < low:
        problems.append(f"{shown} have length greater than or equal to {low}")
    if high is not None and len(value) > high:
        problems.append(f"{shown} have length less than or equal to {high}")
    pattern = shape.metadata.get("pattern")
    compiled = None if pattern is None or (service, shape.name) in _ERRATA else _compiled(str(pattern))
    if compiled is not None and compiled.fullmatch(value) is None:
        problems.append(f"{shown} satisfy regular expression pattern: {pattern}")
    return problems


def check(service: str, shape: Shape | None, value: Any, path: str = "") -> list[str]:
    """Every constraint ``value`` (member names, as parsed from the request) breaks, AWS-style."""
    if shape is None or value is None:
        return []
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        problems = []
        for name, member in shape.members.items():
            if name in value:
                problems += check(service, member, value[name], f"{path}.{name}" if path else name)
        return problems
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [p for i, item in enumerate(value) for p in check(service, shape.member, item, f"{path}[{i}]")]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        problems = []
        for key, item in value.items():
            problems += check(service, shape.key, key, f"{path}.key")
            problems += check(service, shape.value, item, f"{path}[{key}]")
        return problems
    if shape.type_name == "string" and isinstance(value, str):
        return _string(service, shape, value, path)
    return []
