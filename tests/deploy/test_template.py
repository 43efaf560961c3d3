"""deploy/template.yaml lints clean, transforms under SAM, and agrees with the code it deploys."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import AliasChoices
from samtranslator.translator.transform import transform

from bot.entry.config import BotSettings
from core.adapters.dynamodb import TTL_ATTRIBUTE, table_definition
from tests.deploy.cfn import TEMPLATE, resources, template

ROOT = Path(__file__).parents[2]


def test_cfn_lint_passes() -> None:
    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    assert cfn_lint.exists(), "cfn-lint is missing: install the dev extra"
    run = subprocess.run([str(cfn_lint), str(TEMPLATE)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


class _NoManagedPolicies:
    def load(self) -> dict[str, str]:
        return {}


def test_sam_transforms_it_into_plain_cloudformation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    document: dict[str, Any] = json.loads(json.dumps(template()))
    document["Globals"]["Function"]["CodeUri"] = "s3://bucket/shelcaster.zip"  # what `sam deploy` uploads
    out = transform(document, {}, _NoManagedPolicies())
    kinds = {r["Type"] for r in out["Resources"].values()}
    assert {"AWS::Lambda::Function", "AWS::ApiGatewayV2::Api", "AWS::Events::Rule"} <= kinds
    assert out["Resources"]["ServerlessHttpApi"]["Condition"] == "OnLambda"


def test_table_matches_the_store() -> None:
    table = template()["Resources"]["Table"]["Properties"]
    wanted = table_definition("ignored")
    for key in ("BillingMode", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes"):
        assert table[key] == wanted[key], key
    assert table["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}


def test_bucket_prefixes_match_the_settings() -> None:
    prefixes = {name: info.default for name, info in BotSettings.model_fields.items() if name.endswith("_prefix")}
    bucket = template()["Resources"]["RecordingsBucket"]["Properties"]
    [expiry] = [r for r in bucket["LifecycleConfiguration"]["Rules"] if "ExpirationInDays" in r]
    assert expiry["Prefix"] == f"{prefixes['live_prefix']}/"
    policy = json.dumps(template()["Resources"]["BotPolicy"])
    for name, prefix in prefixes.items():
        assert f"/{prefix}/*" in policy, f"BotPolicy grants nothing under {prefix}/ ({name})"


def _setting_names() -> set[str]:
    names = set()
    for name, info in BotSettings.model_fields.items():
        alias = info.validation_alias
        names |= set(map(str, alias.choices)) if isinstance(alias, AliasChoices) else {f"SHELCASTER_{name.upper()}"}
    return names


def test_every_variable_the_template_sets_is_a_setting() -> None:
    variables = set(template()["Globals"]["Function"]["Environment"]["Variables"])
    container = template()["Outputs"]["ContainerEnvironment"]["Value"]["Fn::Sub"]
    variables |= {pair.split("=", 1)[0] for pair in container.split()}
    assert variables - _setting_names() == set()


def test_function_handlers_exist() -> None:
    tree = ast.parse((ROOT / "bot" / "entry" / "lambda_handler.py").read_text())
    defined = {f"bot.entry.lambda_handler.{n.name}" for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name, function in resources("AWS::Serverless::Function").items():
        assert function["Properties"]["Handler"] in defined, f"{name}: no {function['Properties']['Handler']}"
