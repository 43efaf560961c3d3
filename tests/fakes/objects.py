"""S3 as a dict of buckets and keys; the fake MediaLive writes its recordings here with `put`."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from tests.fakes.errors import aws_error


class FakeObjectStore:
    def __init__(self, *, bucket: str) -> None:
        self.bucket = bucket
        self.buckets: dict[str, dict[str, bytes]] = {bucket: {}}
        self.content_types: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def put(
        self, key: str, body: bytes, *, content_type: str = "binary/octet-stream", bucket: str | None = None
    ) -> bool:
        """Write an object; False (nothing written) when the bucket does not exist, as for MediaLive's S3 output."""
        bucket = bucket or self.bucket
        with self._lock:
            if bucket not in self.buckets:
                return False
            self.buckets[bucket][key] = body
            self.content_types[(bucket, key)] = content_type
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        with self._lock:
            found = sorted(k for k in self.buckets[self.bucket] if k.startswith(prefix))
        yield from found  # S3 lists keys in UTF-8 binary order

    def read_text(self, key: str) -> str:
        return self._body(key, "read a recording playlist").decode("utf-8")

    def copy(self, source_key: str, target_key: str) -> None:
        self.put(target_key, self._body(source_key, "copy a recording segment"))

    def write_text(self, key: str, text: str, *, content_type: str) -> None:
        self.put(key, text.encode("utf-8"), content_type=content_type)

    def head_bytes(self, key: str, *, count: int = 16, bucket: str | None = None) -> bytes | None:
        body = self.buckets.get(bucket or self.bucket, {}).get(key)
        return None if body is None else body[:count]

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    def _body(self, key: str, action: str) -> bytes:
        body = self.buckets[self.bucket].get(key)
        if body is None:
            raise aws_error("NoSuchKey", action, "The specified key does not exist.")
        return body
