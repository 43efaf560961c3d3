"""Structured logs: one JSON object per line, secrets scrubbed, chatty libraries kept quiet."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from core.redact import redact

# botocore and urllib3 log whole request and response bodies at DEBUG, stream keys included.
QUIET = {
    "botocore": logging.WARNING,
    "boto3": logging.WARNING,
    "urllib3": logging.WARNING,
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
    "apscheduler": logging.WARNING,
    # Waitress warns for every request that finds its threads all busy ("Task queue depth is 3"): hundreds of lines
    # written during the very burst they describe. The work pool's "busy" tally reports real overload once.
    "waitress.queue": logging.ERROR,
}
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry |= {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, default=str, ensure_ascii=False))


def configure_logging(level: str = "INFO", *, stream: TextIO | None = None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, root.level))
    return handler
