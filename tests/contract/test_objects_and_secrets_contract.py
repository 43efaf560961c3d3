"""The object store and the secrets store, as the services use them."""

from __future__ import annotations

import uuid

import pytest

from core.errors import ResourceMissing
from tests.contract.world import World


def test_objects_list_by_prefix_copy_and_read_back_and_a_missing_one_is_none_or_resource_missing(world: World) -> None:
    folder = f"contract/{uuid.uuid4().hex}"
    world.objects.write_text(f"{folder}/b.txt", "bee", content_type="text/plain")
    world.objects.write_text(f"{folder}/a/x.txt", "ex", content_type="text/plain")
    world.objects.write_text(f"{folder}-sibling/c.txt", "sea", content_type="text/plain")
    assert list(world.objects.keys(f"{folder}/")) == [f"{folder}/a/x.txt", f"{folder}/b.txt"]
    world.objects.copy(f"{folder}/b.txt", f"{folder}/copy.txt")
    assert world.objects.read_text(f"{folder}/copy.txt") == "bee"
    assert world.objects.head_bytes(f"{folder}/b.txt", count=2) == b"be"
    assert world.objects.uri(f"{folder}/b.txt") == f"s3://{world.objects.bucket}/{folder}/b.txt"
    assert world.objects.bucket == world.settings.recordings_bucket
    missing = f"{folder}/nothing.mp4"
    assert world.objects.head_bytes(missing) is None
    assert world.objects.head_bytes(missing, bucket="shelcaster-no-such-bucket") is None
    with pytest.raises(ResourceMissing):
        world.objects.read_text(missing)
    with pytest.raises(ResourceMissing):
        world.objects.copy(missing, f"{missing}.copy")


def test_secrets_are_overwritten_read_and_deleted_and_a_missing_one_is_resource_missing(world: World) -> None:
    name = f"/shelcaster/contract/{uuid.uuid4().hex}/platform-1"
    world.secrets.put(name, "first")
    world.secrets.put(name, "second")
    assert world.secrets.get(name) == "second"
    world.secrets.delete(name)
    world.secrets.delete(name)  # again: nothing to do
    with pytest.raises(ResourceMissing):
        world.secrets.get(name)


def test_secret_names_are_listed_below_a_path_at_any_depth_and_never_beside_it(world: World) -> None:
    root = f"/shelcaster/contract-{uuid.uuid4().hex[:8]}"
    names = [f"{root}/s1/platform-1", f"{root}/s1/platform-2", f"{root}/s2/platform-1"]
    for name in [*names, f"{root}-sibling/s1/platform-1"]:
        world.secrets.put(name, "sk_live_value")
    try:
        assert sorted(world.secrets.names(root)) == names
        world.secrets.delete(names[0])
        assert sorted(world.secrets.names(root)) == names[1:]
        assert list(world.secrets.names(f"{root}/nothing")) == []
    finally:
        for name in [*names, f"{root}-sibling/s1/platform-1"]:
            world.secrets.delete(name)
