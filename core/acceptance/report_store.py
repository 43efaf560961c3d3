"""The latest check report, kept as one JSON item in the session table (read by `doctor` and the bot)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pydantic import ValidationError

from core.acceptance.report import Report
from core.adapters.aws.errors import aws_call

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger(__name__)

REPORT_KEY = "account-check#latest"


class CheckReports:
    def __init__(self, client: DynamoDBClient, *, table: str) -> None:
        self._db = client
        self._table = table

    def save(self, report: Report) -> None:
        item = {
            "pk": {"S": REPORT_KEY},
            "run_id": {"S": report.run_id},
            "checked_at": {"S": report.started_at.isoformat()},
            "doc": {"S": report.model_dump_json()},
        }
        with aws_call("save the account check's report"):
            self._db.put_item(TableName=self._table, Item=item)

    def latest(self) -> Report | None:
        """The last saved report; None if the account was never checked (or its report no longer reads)."""
        with aws_call("read the account check's report"):
            item = self._db.get_item(TableName=self._table, Key={"pk": {"S": REPORT_KEY}}).get("Item")
        if not item:
            return None
        try:
            return Report.model_validate_json(item["doc"]["S"])
        except (KeyError, ValidationError):
            log.warning("the saved account check report does not read as a report; treating the account as unchecked")
            return None
