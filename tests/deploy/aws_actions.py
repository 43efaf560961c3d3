"""Derive the AWS actions the bot's code calls, from its source, so the deploy policy can be checked against it.

How: parse each module with `ast`; a boto3 client is any parameter, attribute or dataclass field annotated with a
`mypy_boto3_<service>` client type (the adapters' `self._client`, `self._db`, `AwsClients.medialive`). Each method
called on one is a botocore operation (`create_channel` -> CreateChannel); `get_paginator("query")` is the
operation it pages, and `get_waiter("channel_stopped")` the operation botocore's waiter model polls. A name passed
through a parameter (`wait(self, waiter)` -> `get_waiter(waiter)`) is resolved from the string literals at the
call sites. Operations then map to IAM actions: the same name under the service's prefix, except where IAM names
them differently (RENAMED), plus what AWS authorizes alongside when the call passes it, or may pass it by
unpacking a mapping (`RoleArn` needs iam:PassRole, `Tags` the service's tagging action), and what libraries
call for us (IMPORT_IMPLIES).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import botocore.session
from botocore import xform_name
from botocore.model import ServiceModel

ROOT = Path(__file__).parents[2]
SCANNED = ("core", "bot")
# `shelcaster doctor` and `shelcaster check-aws` run from an admin's shell with the admin's credentials, never as
# the bot: their own reads are not part of the runtime policy.
ADMIN_ONLY = frozenset(
    {
        "bot/entry/doctor.py",
        "bot/entry/cli_commands/doctor.py",
        "core/adapters/aws/probe.py",
        "core/adapters/aws/account_check.py",
    }
)
# The one runtime module that may create boto3 clients; anywhere else a client would escape this derivation.
CLIENT_FACTORY = "core/adapters/aws/clients.py"

# IAM actions named differently from the operation they authorize (AWS Service Authorization Reference).
RENAMED: dict[tuple[str, str], tuple[str, ...]] = {
    ("s3", "ListObjectsV2"): ("s3:ListBucket",),
    ("s3", "ListObjects"): ("s3:ListBucket",),
    ("s3", "HeadBucket"): ("s3:ListBucket",),
    ("s3", "HeadObject"): ("s3:GetObject",),
    ("s3", "CopyObject"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "DeleteObjects"): ("s3:DeleteObject",),
    ("s3", "GetBucketLifecycleConfiguration"): ("s3:GetLifecycleConfiguration",),
    ("s3", "PutBucketLifecycleConfiguration"): ("s3:PutLifecycleConfiguration",),
    ("sts", "GetCallerIdentity"): (),  # always allowed
    ("lambda", "Invoke"): ("lambda:InvokeFunction",),
}
IAM_PREFIX: dict[str, str] = {}  # boto3 service name -> IAM prefix where they differ (none of ours do)
TAGGING_OPERATIONS = ("CreateTags", "TagResource", "AddTagsToResource")
# Libraries that call AWS on the bot's behalf: Bolt's Lambda adapter runs lazy listeners by invoking the function.
IMPORT_IMPLIES: dict[str, tuple[str, ...]] = {"slack_bolt.adapter.aws_lambda": ("lambda:InvokeFunction",)}
_CLIENT_HELPERS = {"can_paginate", "close", "meta", "exceptions", "waiter_names"}


class DerivationError(Exception):
    """The code calls AWS in a way this derivation cannot follow; the message says where."""


@cache
def service_model(service: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(service)


@cache
def _snake_operations(service: str) -> dict[str, str]:
    return {xform_name(op): op for op in service_model(service).operation_names}


@cache
def _waiter_operations(service: str) -> dict[str, str]:
    try:
        model = botocore.session.get_session().get_waiter_model(service)
    except Exception:  # the service has no waiters
        return {}
    return {xform_name(name): model.get_waiter(name).operation for name in model.waiter_names}


OPAQUE = frozenset({"**"})  # the call unpacks a mapping: any parameter may be in it


@dataclass
class Derived:
    # (service, operation) -> {where: the parameter names the call passes}
    operations: dict[tuple[str, str], dict[str, frozenset[str]]] = field(default_factory=lambda: defaultdict(dict))
    implied: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, service: str, operation: str, where: str, passed: frozenset[str] = frozenset()) -> None:
        self.operations[(service, operation)][where] = passed

    def actions(self) -> dict[str, set[str]]:
        """IAM action -> where in the code it is needed."""
        out: dict[str, set[str]] = defaultdict(set)
        for (service, operation), calls in self.operations.items():
            prefix = IAM_PREFIX.get(service, service)
            for action in RENAMED.get((service, operation), (f"{prefix}:{operation}",)):
                out[action] |= set(calls)
            shape = service_model(service).operation_model(operation).input_shape
            members = set(shape.members) if shape is not None else set()
            for where, passed in calls.items():
                given = members if passed == OPAQUE else members & passed
                if "RoleArn" in given:
                    out["iam:PassRole"].add(f"{where} (RoleArn)")
                if given & {"Tags", "tags"}:
                    tagging = next(op for op in TAGGING_OPERATIONS if op in service_model(service).operation_names)
                    out[f"{prefix}:{tagging}"].add(f"{where} (Tags)")
        for action, places in self.implied.items():
            out[action] |= places
        return dict(out)


CLIENT = "client:"
CLASS = "class:"


def _annotation_type(node: ast.expr | None, types: Mapping[str, str]) -> str | None:
    """`S3Client`, `"S3Client"`, `S3Client | None` -> "client:s3"; `MediaLive` -> "class:MediaLive"."""
    if isinstance(node, ast.Name):
        return types.get(node.id)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _annotation_type(ast.parse(node.value, mode="eval").body, types)
    if isinstance(node, ast.BinOp):
        return _annotation_type(node.left, types) or _annotation_type(node.right, types)
    return None


@dataclass
class _Module:
    path: str
    tree: ast.Module
    types: dict[str, str]


@dataclass
class _Pending:
    """A get_waiter/get_paginator whose name comes in through a parameter of `owner.function`."""

    service: str
    kind: str  # "waiter" or "paginator"
    owner: str
    function: str
    position: int
    param: str


Function = ast.FunctionDef | ast.AsyncFunctionDef


class _Scanner:
    def __init__(self, modules: list[_Module]) -> None:
        self.modules = modules
        self.derived = Derived()
        self.pending: list[_Pending] = []
        self.method_calls: dict[tuple[str, str], list[tuple[ast.Call, str]]] = defaultdict(list)
        classes = {n.name for m in modules for n in ast.walk(m.tree) if isinstance(n, ast.ClassDef)}
        for module in modules:
            module.types |= {name: f"{CLASS}{name}" for name in classes}
        self.fields: dict[str, str] = {}  # dataclass fields typed as clients, e.g. AwsClients.medialive
        for module in modules:
            for cls in (n for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef)):
                for stmt in cls.body:
                    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                        kind = _annotation_type(stmt.annotation, module.types)
                        if kind and kind.startswith(CLIENT):
                            self._claim(self.fields, stmt.target.id, kind, module.path)

    @staticmethod
    def _claim(names: dict[str, str], name: str, kind: str, where: str) -> None:
        if names.get(name, kind) != kind:
            raise DerivationError(f"{where}: {name!r} is typed both {names[name]} and {kind}")
        names[name] = kind

    def scan(self) -> Derived:
        for module in self.modules:
            self._module(module)
        self._resolve_pending()
        return self.derived

    def _module(self, module: _Module) -> None:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                for name in names:
                    if name == "boto3" and module.path != CLIENT_FACTORY:
                        raise DerivationError(f"{module.path} imports boto3: create clients in {CLIENT_FACTORY}")
                    for library, actions in IMPORT_IMPLIES.items():
                        if name.startswith(library):
                            for action in actions:
                                self.derived.implied[action].add(f"{module.path}:{node.lineno} imports {library}")
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef):
                self._class(module, node)
            elif isinstance(node, Function):
                self._function(module, node, {}, owner=None)

    def _class(self, module: _Module, cls: ast.ClassDef) -> None:
        """`self.x = param` where param is typed: then `self.x.op()` is a call on that type."""
        attrs: dict[str, str] = {}
        methods = [n for n in cls.body if isinstance(n, Function)]
        for method in methods:
            params = self._params(module, method)
            for node in ast.walk(method):
                pairs: list[tuple[ast.expr, ast.expr | None]] = []
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                            pairs += zip(target.elts, node.value.elts, strict=False)
                        else:
                            pairs.append((target, node.value))
                elif isinstance(node, ast.AnnAssign):
                    kind = _annotation_type(node.annotation, module.types)
                    name = _self_attr(node.target)
                    if kind and name:
                        self._claim(attrs, name, kind, module.path)
                for target, value in pairs:
                    name = _self_attr(target)
                    if name and isinstance(value, ast.Name) and value.id in params:
                        self._claim(attrs, name, params[value.id], module.path)
        for method in methods:
            self._function(module, method, attrs, owner=cls.name)

    def _params(self, module: _Module, function: Function) -> dict[str, str]:
        args = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
        found = {a.arg: _annotation_type(a.annotation, module.types) for a in args}
        return {name: kind for name, kind in found.items() if kind}

    def _function(self, module: _Module, function: Function, attrs: dict[str, str], *, owner: str | None) -> None:
        local = self._params(module, function)
        if owner:
            local["self"] = f"{CLASS}{owner}"
        for node in ast.walk(function):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                kind = _annotation_type(node.annotation, module.types)
                if kind:
                    local[node.target.id] = kind
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            where = f"{module.path}:{node.lineno}"
            getter = isinstance(node.func, ast.Name) and node.func.id == "getattr" and node.args
            if getter and (self._receiver(node.args[0], local, attrs) or "").startswith(CLIENT):
                raise DerivationError(f"{where}: getattr on a client hides the operation")
            if not isinstance(node.func, ast.Attribute):
                continue
            kind = self._receiver(node.func.value, local, attrs) or ""
            if kind.startswith(CLIENT):
                self._call(function, node, kind.removeprefix(CLIENT), node.func.attr, where, owner)
            elif kind.startswith(CLASS):
                self.method_calls[(kind.removeprefix(CLASS), node.func.attr)].append((node, where))

    def _receiver(self, node: ast.expr, local: Mapping[str, str], attrs: Mapping[str, str]) -> str | None:
        if isinstance(node, ast.Name):
            return local.get(node.id)
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                return attrs.get(node.attr)
            return self.fields.get(node.attr)
        return None

    def _call(
        self, function: Function, call: ast.Call, service: str, method: str, where: str, owner: str | None
    ) -> None:
        if method in ("get_waiter", "get_paginator"):
            kind = "waiter" if method == "get_waiter" else "paginator"
            arg = call.args[0] if call.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._named(service, kind, arg.value, where)
                return
            positional = [a.arg for a in [*function.args.posonlyargs, *function.args.args] if a.arg != "self"]
            names = positional + [a.arg for a in function.args.kwonlyargs]
            if owner and isinstance(arg, ast.Name) and arg.id in names:
                position = positional.index(arg.id) if arg.id in positional else -1
                self.pending.append(_Pending(service, kind, owner, function.name, position, arg.id))
                return
            raise DerivationError(f"{where}: cannot tell which {kind} {method} gets")
        if method in _CLIENT_HELPERS:
            return
        operation = _snake_operations(service).get(method)
        if operation is None:
            raise DerivationError(f"{where}: {method} is not a {service} operation")
        passed = frozenset(k.arg for k in call.keywords if k.arg)
        unpacked = any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args)
        self.derived.add(service, operation, f"{where} {method}", OPAQUE if unpacked else passed)

    def _named(self, service: str, kind: str, name: str, where: str) -> None:
        table = _waiter_operations(service) if kind == "waiter" else _snake_operations(service)
        operation = table.get(name)
        if operation is None:
            raise DerivationError(f"{where}: {name!r} is not a {service} {kind}")
        self.derived.add(service, operation, f"{where} {kind} {name}")

    def _resolve_pending(self) -> None:
        """Each call of `Owner.function` must pass the waiter/paginator name as a literal."""
        for item in self.pending:
            for call, where in self.method_calls[(item.owner, item.function)]:
                arg = next((k.value for k in call.keywords if k.arg == item.param), None)
                if arg is None and 0 <= item.position < len(call.args):
                    arg = call.args[item.position]
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise DerivationError(f"{where}: {item.owner}.{item.function}() needs a literal {item.kind} name")
                self._named(item.service, item.kind, arg.value, where)


def _self_attr(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return node.attr
    return None


def _client_types(tree: ast.Module) -> dict[str, str]:
    types: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mypy_boto3_"):
            service = (node.module or "").removeprefix("mypy_boto3_").replace("_", "-")
            for alias in node.names:
                if alias.name.endswith("Client"):
                    types[alias.asname or alias.name] = f"{CLIENT}{service}"
    return types


def derive(sources: Mapping[str, str]) -> dict[str, set[str]]:
    """IAM action -> where it is needed, for modules given as {relative path: source}."""
    modules = []
    for path, text in sorted(sources.items()):
        tree = ast.parse(text, filename=path)
        modules.append(_Module(path, tree, _client_types(tree)))
    return _Scanner(modules).scan().actions()


def runtime_sources(root: Path = ROOT, packages: Iterable[str] = SCANNED) -> dict[str, str]:
    """Every module of the bot's runtime: core/ and bot/, less the admin-only doctor."""
    out = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative not in ADMIN_ONLY:
                out[relative] = path.read_text()
    return out
