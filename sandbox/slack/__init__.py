"""A Slack stand-in for the sandbox: the Web API over HTTP, and a console that plays the Slack client."""

from sandbox.slack.console import Console
from sandbox.slack.model import (
    DEFAULT_CHANNELS,
    DEFAULT_GROUPS,
    DEFAULT_USERS,
    Message,
    RecordedCall,
    SlackUser,
    View,
)
from sandbox.slack.render import Button
from sandbox.slack.script import run_interactive, run_script
from sandbox.slack.server import SlackStandIn

__all__ = [
    "DEFAULT_CHANNELS",
    "DEFAULT_GROUPS",
    "DEFAULT_USERS",
    "Button",
    "Console",
    "Message",
    "RecordedCall",
    "SlackStandIn",
    "SlackUser",
    "View",
    "run_interactive",
    "run_script",
]
