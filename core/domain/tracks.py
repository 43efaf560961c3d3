"""Pure checks for tracklist files."""

from __future__ import annotations


def is_mp4(head: bytes) -> bool:
    """An MP4 (ISO base media) file starts with a box whose type is `ftyp`."""
    return len(head) >= 8 and head[4:8] == b"ftyp"
