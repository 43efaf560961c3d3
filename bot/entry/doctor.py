"""`shelcaster doctor`: check the settings, the AWS account and the Slack workspace, one line per need.

Each check returns pass, fail (with the sentence that fixes it) or skip (when an earlier failure makes it
meaningless). Checks read through `core.adapters.aws.probe`; nothing here talks to boto3.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.entry.app import slack_client
from bot.entry.config import BotSettings
from core.acceptance.findings import ReportReader, account_facts
from core.acceptance.report import Outcome
from core.acceptance.report_store import CheckReports
from core.adapters.aws.clients import build_clients
from core.adapters.aws.probe import ProbeError, SetupProbe, build_probe, role_name
from core.adapters.dynamodb import BY_CHAT_CHANNEL, TTL_ATTRIBUTE
from core.config import load
from core.errors import ConfigError, ShelcasterError

# The bot scopes manifest.yml asks for (a test keeps the two equal; the manifest is not installed with the package).
SLACK_SCOPES = ("commands", "chat:write", "usergroups:read")
PROBE_PREFIX = "doctor/"
MEDIALIVE = "medialive.amazonaws.com"
AWS_CHECKS = (
    "aws identity",
    "dynamodb table",
    "table ttl",
    "s3 bucket",
    "live buffer expiry",
    "medialive role",
    "input security group",
    "medialive api",
    "ivs api",
    "ssm parameters",
    "account check",
)
SLACK_CHECKS = ("slack auth", "slack scopes")

_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "ForbiddenException"}
_NO_CREDENTIALS = {
    "NoCredentialsError",
    "PartialCredentialsError",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "ExpiredToken",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
}
_MISSING = {"ResourceNotFoundException", "NoSuchBucket", "NoSuchEntity", "NotFoundException", "NotFound"}
_UNREACHABLE = {"EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "ConnectionClosedError"}


class CheckStatus(Enum):
    PASS = "pass"  # noqa: S105 - a check status, not a password
    WARN = "warn"  # works, but is worth changing: followed by what to do
    FAIL = "FAIL"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: CheckStatus
    detail: str
    fix: str = ""


def passed(name: str, detail: str) -> CheckResult:
    return CheckResult(name, CheckStatus.PASS, detail)


def failed(name: str, detail: str, fix: str) -> CheckResult:
    return CheckResult(name, CheckStatus.FAIL, detail, fix)


def warned(name: str, detail: str, fix: str) -> CheckResult:
    return CheckResult(name, CheckStatus.WARN, detail, fix)


def skipped(name: str, why: str) -> CheckResult:
    return CheckResult(name, CheckStatus.SKIP, why)


def _failure(name: str, error: ProbeError, *, action: str, missing_fix: str) -> CheckResult:
    """The fix that matches how AWS refused."""
    if error.code in _MISSING and missing_fix:
        return failed(name, f"not found ({error.code})", missing_fix)
    if error.code in _DENIED:
        return failed(name, f"access denied ({error.code})", f"Allow {action} for the credentials doctor runs with.")
    if error.code in _NO_CREDENTIALS:
        return failed(name, f"credentials refused ({error.code})", "Check the AWS credentials in this shell.")
    if error.code in _UNREACHABLE:
        return failed(name, f"unreachable ({error.code})", "Check AWS_REGION / AWS_ENDPOINT_URL and the network.")
    return failed(name, str(error), f"AWS refused {action}; see the detail.")


def _aws(name: str, *, action: str, missing_fix: str, check: Callable[[], CheckResult]) -> CheckResult:
    try:
        return check()
    except ProbeError as error:
        return _failure(name, error, action=action, missing_fix=missing_fix)


# --- AWS ----------------------------------------------------------------------------------------------
def check_identity(probe: SetupProbe) -> CheckResult:
    def run() -> CheckResult:
        return passed("aws identity", probe.identity())

    result = _aws("aws identity", action="sts:GetCallerIdentity", missing_fix="", check=run)
    if result.status is CheckStatus.FAIL:
        fix = (
            "Give this shell credentials for the bot's AWS account (AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY) and set AWS_REGION."
        )
        return failed(result.name, result.detail, fix)
    return result


def check_table(probe: SetupProbe, settings: BotSettings) -> list[CheckResult]:
    table = settings.table
    try:
        found = probe.table(table)
    except ProbeError as error:
        missing = f"Table {table!r} does not exist: set SHELCASTER_TABLE to the stack's TableName output."
        first = _failure("dynamodb table", error, action="dynamodb:DescribeTable", missing_fix=missing)
        return [first, skipped("table ttl", "needs the table")]
    if found.hash_key != "pk" or BY_CHAT_CHANNEL not in found.indexes:
        fix = (
            f"Table {table!r} has another shape (needs key 'pk' and index {BY_CHAT_CHANNEL!r}): "
            "set SHELCASTER_TABLE to the table deploy/template.yaml creates."
        )
        first = failed("dynamodb table", f"{table}: key {found.hash_key!r}, indexes {sorted(found.indexes)}", fix)
    else:
        first = passed("dynamodb table", f"{table}: key pk, index {BY_CHAT_CHANNEL}")
    if found.ttl_attribute == TTL_ATTRIBUTE:
        return [first, passed("table ttl", f"TTL on {TTL_ATTRIBUTE}")]
    fix = (
        f"Turn on TTL: aws dynamodb update-time-to-live --table-name {table} "
        f"--time-to-live-specification Enabled=true,AttributeName={TTL_ATTRIBUTE}"
    )
    state = f"on {found.ttl_attribute}" if found.ttl_attribute else "off"
    return [first, failed("table ttl", f"TTL is {state}", fix)]


def check_bucket(probe: SetupProbe, settings: BotSettings) -> list[CheckResult]:
    bucket = settings.recordings_bucket
    missing = (
        f"Bucket {bucket!r} does not exist: "
        "set SHELCASTER_RECORDINGS_BUCKET to the stack's RecordingsBucketName output."
    )

    def writable() -> CheckResult:
        probe.write_and_delete(bucket, PROBE_PREFIX)
        return passed("s3 bucket", f"{bucket}: wrote and deleted a probe under {PROBE_PREFIX}")

    first = _aws("s3 bucket", action="s3:PutObject and s3:DeleteObject", missing_fix=missing, check=writable)
    if first.status is not CheckStatus.PASS:
        return [first, skipped("live buffer expiry", "needs the bucket")]
    live = settings.live_prefix.strip("/") + "/"

    def expiry() -> CheckResult:
        covering = [r for r in probe.expiry_rules(bucket) if r.enabled and r.days and live.startswith(r.prefix)]
        if covering:
            return passed("live buffer expiry", f"objects under {live} expire after {covering[0].days} days")
        fix = (
            f"Add an enabled lifecycle rule expiring objects under {live} (the template's LiveBufferDays), "
            "or the live buffer grows forever."
        )
        return failed("live buffer expiry", f"no rule expires {live}", fix)

    return [first, _aws("live buffer expiry", action="s3:GetLifecycleConfiguration", missing_fix=missing, check=expiry)]


def check_role(probe: SetupProbe, settings: BotSettings) -> CheckResult:
    arn = settings.medialive_role_arn
    missing = (
        f"Role {role_name(arn)!r} does not exist: set SHELCASTER_MEDIALIVE_ROLE_ARN to the MediaLiveRoleArn output."
    )

    def run() -> CheckResult:
        if MEDIALIVE in probe.trusted_services(arn):
            return passed("medialive role", f"{role_name(arn)} trusts {MEDIALIVE}")
        fix = f"Let {MEDIALIVE} assume {role_name(arn)!r}: add it to the role's trust policy."
        return failed("medialive role", f"{role_name(arn)} does not trust {MEDIALIVE}", fix)

    return _aws("medialive role", action="iam:GetRole", missing_fix=missing, check=run)


def check_security_group(probe: SetupProbe, settings: BotSettings) -> CheckResult:
    group = settings.input_security_group_id
    missing = (
        f"Input security group {group!r} does not exist: "
        "set SHELCASTER_INPUT_SECURITY_GROUP_ID to the InputSecurityGroupId output."
    )

    def run() -> CheckResult:
        facts = probe.input_security_group(group)
        if facts.state == "DELETED":
            return failed("input security group", f"{group} is deleted", missing)
        cidrs = ", ".join(facts.cidrs) or "no CIDR"
        if "0.0.0.0/0" in facts.cidrs:  # MediaLive ignores only pushes from outside the group (UG, input security)
            narrow = (
                "Anyone who learns an endpoint can push to the host's input. Admit only the studio's addresses: "
                f"aws medialive update-input-security-group --input-security-group-id {group} "
                "--whitelist-rules Cidr=<studio address>/32"
            )
            return warned("input security group", f"{group}: {cidrs} (open to any address)", narrow)
        return passed("input security group", f"{group}: {cidrs}")

    return _aws("input security group", action="medialive:DescribeInputSecurityGroup", missing_fix=missing, check=run)


def check_services(probe: SetupProbe, settings: BotSettings) -> list[CheckResult]:
    region = settings.aws_region
    unavailable = f"Use a region where MediaLive and IVS both run (AWS_REGION is {region})."

    def medialive() -> CheckResult:
        return passed("medialive api", f"ListChannels ok in {region} ({probe.count_medialive_channels()} seen)")

    def ivs() -> CheckResult:
        return passed("ivs api", f"ListChannels ok in {region} ({probe.count_ivs_channels()} seen)")

    keys = f"/shelcaster/{settings.deployment}/"  # where platform stream keys are kept

    def ssm() -> CheckResult:
        return passed("ssm parameters", f"{probe.count_parameters(keys)} under {keys}")

    return [
        _aws("medialive api", action="medialive:ListChannels", missing_fix=unavailable, check=medialive),
        _aws("ivs api", action="ivs:ListChannels", missing_fix=unavailable, check=ivs),
        _aws("ssm parameters", action=f"ssm:DescribeParameters on {keys}", missing_fix="", check=ssm),
    ]


def check_account(reports: ReportReader, *, table_ready: bool) -> CheckResult:
    """When `shelcaster check-aws` last ran on this account, and what it found that the bot must work around."""
    name = "account check"
    if not table_ready:
        return skipped(name, "needs the table")
    try:
        facts = account_facts(reports)
    except ShelcasterError as error:
        return failed(name, str(error), "Allow dynamodb:GetItem on the table for the credentials doctor runs with.")
    if facts is None:
        return passed(name, "never run: run `shelcaster check-aws` once after deploying (about 15 minutes, under $1)")
    when = f"last run {facts.checked_at:%Y-%m-%d %H:%M} UTC"
    if facts.outcome is Outcome.FAILED:
        fix = "Run `shelcaster check-aws` again and fix what its report names (it cleans up after itself)."
        return failed(name, f"{when} failed at {facts.failed_step or 'cleanup'}", fix)
    if facts.outcome is Outcome.INTERRUPTED:
        return passed(name, f"{when} was interrupted: run `shelcaster check-aws` again")
    measured = [key for key, answer in facts.answers.items() if answer is not None]
    detail = f"{when}: {len(measured) - len(facts.noes)} of {len(measured)} behaviours as the bot expects"
    if facts.noes:
        detail += "; not on this account: " + "; ".join(facts.behaviours.get(k, k) for k in facts.noes)
    return passed(name, detail)


def account_reports(settings: BotSettings) -> ReportReader:
    return CheckReports(build_clients(settings, max_attempts=2).dynamodb, table=settings.table)


def aws_checks(
    probe: SetupProbe, settings: BotSettings, reports: Callable[[BotSettings], ReportReader] = account_reports
) -> list[CheckResult]:
    identity = check_identity(probe)
    if identity.status is not CheckStatus.PASS:
        return [identity, *(skipped(name, "needs AWS credentials") for name in AWS_CHECKS[1:])]
    table = check_table(probe, settings)
    return [
        identity,
        *table,
        *check_bucket(probe, settings),
        check_role(probe, settings),
        check_security_group(probe, settings),
        *check_services(probe, settings),
        check_account(reports(settings), table_ready=table[0].status is CheckStatus.PASS),
    ]


# --- Slack --------------------------------------------------------------------------------------------
def slack_checks(client: WebClient, *, wanted: Sequence[str] = SLACK_SCOPES) -> list[CheckResult]:
    try:
        response = client.auth_test()
    except SlackApiError as error:
        code = str(error.response.get("error", "error"))
        fix = "Set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-...) from its OAuth & Permissions page."
        return [failed("slack auth", f"auth.test refused: {code}", fix), skipped("slack scopes", "needs Slack auth")]
    except (SlackClientError, OSError) as error:
        fix = "Check the network, and SLACK_API_URL if it is set (a real deployment leaves it unset)."
        return [
            failed("slack auth", f"unreachable ({type(error).__name__})", fix),
            skipped("slack scopes", "needs Slack"),
        ]
    who = f"{response.get('user', '?')} in {response.get('team', '?')}"
    auth = passed("slack auth", f"bot {who}")
    header = next((v for k, v in response.headers.items() if k.lower() == "x-oauth-scopes"), None)
    if header is None:
        return [auth, passed("slack scopes", "scopes not reported by this Slack")]
    granted = {s.strip() for s in str(header).split(",") if s.strip()}
    missing = [s for s in wanted if s not in granted]
    if missing:
        fix = f"Add the bot scopes {', '.join(missing)} to the app (manifest.yml lists them) and reinstall it."
        return [auth, failed("slack scopes", f"missing {', '.join(missing)}", fix)]
    return [auth, passed("slack scopes", ", ".join(wanted))]


# --- all of it ----------------------------------------------------------------------------------------
def check_config() -> tuple[CheckResult, BotSettings | None]:
    try:
        settings = load(BotSettings)
    except ConfigError as error:
        return failed("config", str(error), "Set the variables it names (docs/deploy.md lists them)."), None
    aws = f"AWS at {settings.aws_endpoint_url}" if settings.aws_endpoint_url else "AWS"
    slack = f"Slack at {settings.slack_api_url}" if settings.slack_api_url else "Slack"
    mode = "Socket Mode" if settings.slack_app_token else "HTTP mode"
    return passed("config", f"{aws} in {settings.aws_region}, {slack}, {mode}"), settings


def diagnose(
    *,
    probe_for: Callable[[BotSettings], SetupProbe] = build_probe,
    slack_for: Callable[[BotSettings], WebClient] = slack_client,
) -> list[CheckResult]:
    """Every check, in the order an admin would fix them."""
    config, settings = check_config()
    if settings is None:
        return [config, *(skipped(name, "needs the configuration") for name in (*AWS_CHECKS, *SLACK_CHECKS))]
    return [config, *aws_checks(probe_for(settings), settings), *slack_checks(slack_for(settings))]


# --- the table ----------------------------------------------------------------------------------------
def any_failed(results: Sequence[CheckResult]) -> bool:
    return any(r.status is CheckStatus.FAIL for r in results)


def render(results: Sequence[CheckResult]) -> str:
    """A fixed-width table; each failure is followed by its fix."""
    width = max((len(r.name) for r in results), default=0)
    lines = []
    for r in results:
        lines.append(f"{r.status.value:<4}  {r.name:<{width}}  {r.detail}".rstrip())
        if r.status in (CheckStatus.FAIL, CheckStatus.WARN) and r.fix:
            lines.append(f"{'':<4}  {'':<{width}}  fix: {r.fix}")
    bad = sum(r.status is CheckStatus.FAIL for r in results)
    skip = sum(r.status is CheckStatus.SKIP for r in results)
    warn = sum(r.status is CheckStatus.WARN for r in results)
    total = len(results)
    summary = f"{bad} of {total} checks failed" if bad else f"all {total - skip} checks that ran passed"
    notes = [f"{skip} skipped"] * bool(skip) + [f"{warn} with a warning"] * bool(warn)
    lines.append(summary + (f" ({', '.join(notes)})" if notes else "") + ".")
    return "\n".join(lines)
