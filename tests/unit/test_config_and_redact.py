import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.config import CoreSettings, load
from core.errors import ConfigError
from core.redact import redact

REQUIRED = {
    "SHELCASTER_RECORDINGS_BUCKET": "b",
    "SHELCASTER_MEDIALIVE_ROLE_ARN": "arn:aws:iam::1:role/r",
    "SHELCASTER_INPUT_SECURITY_GROUP_ID": "123",
}


def test_missing_settings_fail_with_one_message_naming_each_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in REQUIRED:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as error:
        load(CoreSettings)
    message = str(error.value)
    assert all(name in message for name in REQUIRED)
    assert "S3 bucket" in message


def test_malformed_setting_names_the_variable_and_what_it_expects(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SHELCASTER_CHANNEL_CLASS", "HUGE")
    with pytest.raises(ConfigError, match="SHELCASTER_CHANNEL_CLASS is invalid"):
        load(CoreSettings)


def test_rates_and_region_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SHELCASTER_RATES__MEDIALIVE_OUTPUT", "1.1")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    settings = load(CoreSettings)
    assert settings.rates.medialive_output == 1.1
    assert settings.aws_region == "eu-west-1"


def test_stream_keys_and_tokens_are_scrubbed() -> None:
    text = 'push to sk_us-east-1_AbCdEf0123456789 with xoxb-123-456-abc and {"StreamName": "live/x"}'
    out = redact(text)
    assert "AbCdEf0123456789" not in out
    assert "xoxb-123" not in out
    assert "live/x" not in out


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=40))
def test_a_key_anywhere_in_free_text_never_survives(noise: str) -> None:
    key = "sk_" + "us-west-2_" + "Q1w2E3r4T5y6U7i8O9p0"  # built up so it never reads as a real key
    assert "Q1w2E3r4T5y6U7i8O9p0" not in redact(noise + key + noise)
