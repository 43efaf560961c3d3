"""SSM Parameter Store as a dict of names."""

from __future__ import annotations

from collections.abc import Iterator

from tests.fakes.errors import aws_error


class FakeSecrets:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def put(self, name: str, value: str) -> None:
        self.values[name] = value

    def get(self, name: str) -> str:
        if name not in self.values:
            raise aws_error("ParameterNotFound", "read a stored stream key", f"Parameter {name} not found.")
        return self.values[name]

    def delete(self, name: str) -> None:
        self.values.pop(name, None)

    def names(self, path: str) -> Iterator[str]:
        yield from sorted(n for n in self.values if n.startswith(path.rstrip("/") + "/"))
