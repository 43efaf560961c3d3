"""SSM Parameter Store adapter: platform stream keys are SecureStrings, referenced by name only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from core.adapters.aws.errors import aws_call

if TYPE_CHECKING:
    from mypy_boto3_ssm import SSMClient

_PAGE = 50  # DescribeParameters MaxResults is 1-50 (SSM API reference)


class Secrets:
    def __init__(self, client: SSMClient) -> None:
        self._client = client

    def put(self, name: str, value: str) -> None:
        with aws_call("store the stream key"):
            self._client.put_parameter(Name=name, Value=value, Type="SecureString", Overwrite=True)

    def get(self, name: str) -> str:
        with aws_call("read a stored stream key"):
            return self._client.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]

    def delete(self, name: str) -> None:
        with aws_call("delete a stored stream key", ok_if={"ParameterNotFound"}):
            self._client.delete_parameter(Name=name)

    def names(self, path: str) -> Iterator[str]:
        """The names of every parameter below `path` (no trailing slash), at any depth. Read from their
        metadata: DescribeParameters returns no values (ParameterMetadata has no Value member, botocore model),
        so listing never reads a key."""
        filters = [{"Key": "Path", "Option": "Recursive", "Values": [path]}]
        with aws_call("list the stored stream keys"):
            pages = self._client.get_paginator("describe_parameters").paginate(
                ParameterFilters=filters,  # type: ignore[arg-type]
                PaginationConfig={"PageSize": _PAGE},
            )
            for page in pages:
                yield from (p["Name"] for p in page.get("Parameters", []) if "Name" in p)
