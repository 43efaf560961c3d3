"""AWS Lambda entry points. Bolt's adapter re-invokes the function to run lazy listeners after the ack."""

from __future__ import annotations

import json
import logging
from functools import cache
from typing import TYPE_CHECKING, Any

from slack_bolt.adapter.aws_lambda import SlackRequestHandler

if TYPE_CHECKING:
    from bot.entry.runtime import Runtime
    from bot.jobs.aws_events import AwsEvents


@cache
def _runtime() -> Runtime:
    # Built on first use, then kept for the life of the warm container; importing this module stays as
    # cheap as importing Bolt's adapter itself.
    from bot.entry.config import BotSettings
    from bot.entry.logs import configure_logging
    from bot.entry.runtime import build_runtime
    from core.config import load

    settings = load(BotSettings)
    configure_logging(settings.log_level)
    return build_runtime(settings, lambda_mode=True)


@cache
def _slack_handler() -> SlackRequestHandler:
    return SlackRequestHandler(_runtime().app)


@cache
def _aws_events() -> AwsEvents:
    from bot.jobs.aws_events import AwsEvents
    from bot.jobs.follow_up import PanelFollowUp

    rt = _runtime()
    follow_up = PanelFollowUp(
        store=rt.store, control=rt.control, panel=rt.panel, settings=rt.settings.follow_up, clock=rt.clock
    )
    return AwsEvents(store=rt.store, follow_up=follow_up)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """HTTP endpoint for Slack (API Gateway / function URL)."""
    try:
        return _slack_handler().handle(event, context)  # type: ignore[no-untyped-call,no-any-return]
    except ValueError as error:  # a body that is not what its content type says: Bolt cannot even read it
        logging.getLogger(__name__).warning("refused an unreadable request body: %s", type(error).__name__)
        return {"statusCode": 400, "body": ""}


def sweep(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Scheduled (EventBridge): one watchdog sweep, cost alerts and a panel refresh, if this holds the lease.

    Failed actions are reported in Slack and retried by the next sweep; only a sweep that could not run at
    all raises, so Lambda records the invocation as failed.
    """
    report = _runtime().jobs.run_once()
    if report is None:
        return {"ran": False, "reason": "another replica holds the scheduler lease"}
    return {
        "ran": True,
        "mode": report.mode.value,
        "channels": report.channels,
        "inputs": report.inputs,
        "findings": len(report.findings),
        "actions": len(report.outcomes),
        "failed": len(report.failed),
    }


def aws_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """EventBridge: a MediaLive channel's state or alert, or an IVS stream's state or health, changed. The show it
    names is re-read from AWS and its panel and thread updated; the sweep stays the safety net for lost events."""
    if "Records" in event:  # the same events through an SQS queue (a rule targeting a queue this function reads)
        shows = [_aws_events().handle(json.loads(record["body"])) for record in event["Records"]]
        return {"sessions": [s for s in shows if s]}
    session_id = _aws_events().handle(event)
    return {"session": session_id, "detail_type": event.get("detail-type")}
