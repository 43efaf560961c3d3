"""S3 adapter for the live buffer and takes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from core.adapters.aws.errors import aws_call, error_code, translate
from core.errors import InvalidRequest

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class ObjectStore:
    def __init__(self, client: S3Client, *, bucket: str) -> None:
        self._client = client
        self.bucket = bucket

    def keys(self, prefix: str) -> Iterator[str]:
        with aws_call("list recordings"):
            for page in self._client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
                yield from (obj["Key"] for obj in page.get("Contents", []))

    def read_text(self, key: str) -> str:
        with aws_call("read a recording playlist"):
            return self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read().decode("utf-8")

    def copy(self, source_key: str, target_key: str) -> None:
        with aws_call("copy a recording segment"):
            self._client.copy_object(
                Bucket=self.bucket, Key=target_key, CopySource={"Bucket": self.bucket, "Key": source_key}
            )

    def write_text(self, key: str, text: str, *, content_type: str) -> None:
        with aws_call("write the take's playlist"):
            self._client.put_object(Bucket=self.bucket, Key=key, Body=text.encode("utf-8"), ContentType=content_type)

    def head_bytes(self, key: str, *, count: int = 16, bucket: str | None = None) -> bytes | None:
        """The first bytes of an object, or None when it does not exist. Denied access is its own error: S3
        answers 403 both for a bucket the bot may not read and, without ListBucket, for a missing object."""
        bucket = bucket or self.bucket
        try:
            body = self._client.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{count - 1}")["Body"]
        except ClientError as error:
            code = error_code(error)
            if code in ("NoSuchKey", "404", "NotFound", "NoSuchBucket"):
                return None
            if code in ("AccessDenied", "403", "Forbidden"):
                raise InvalidRequest(
                    f"The bot may not read s3://{bucket}/{key} (AccessDenied): the file may be missing, or the bucket "
                    f"is not one the bot and MediaLive's role may read. Put tracks in the recordings bucket, "
                    f"s3://{self.bucket}/, or have an admin grant read access to that bucket."
                ) from None
            raise translate(error, "read the track") from None
        return body.read()

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"
