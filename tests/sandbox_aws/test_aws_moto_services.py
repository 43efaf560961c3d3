"""moto's own services keep working through the sandbox endpoint."""

from __future__ import annotations

import datetime as dt
import uuid


def test_s3_dynamodb_ssm_sts_iam_cloudwatch(aws):
    bucket = aws.bucket()
    aws.s3.put_object(Bucket=bucket, Key="a/b.txt", Body=b"hello")
    assert aws.s3.get_object(Bucket=bucket, Key="a/b.txt")["Body"].read() == b"hello"

    ddb = aws.client("dynamodb")
    table = f"t-{uuid.uuid4().hex[:8]}"
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName=table, Item={"pk": {"S": "x"}, "v": {"N": "1"}})
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "x"}})["Item"]["v"] == {"N": "1"}

    ssm = aws.client("ssm")
    name = f"/shelcaster/{uuid.uuid4().hex[:8]}"
    ssm.put_parameter(Name=name, Value="secret", Type="SecureString")
    assert ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"] == "secret"

    assert aws.client("sts").get_caller_identity()["Account"] == "123456789012"
    role = f"r-{uuid.uuid4().hex[:8]}"
    aws.client("iam").create_role(RoleName=role, AssumeRolePolicyDocument="{}")

    namespace = f"Test/{uuid.uuid4().hex[:8]}"
    aws.cw.put_metric_data(Namespace=namespace, MetricData=[{"MetricName": "m", "Value": 1.0}])
    now = dt.datetime.now(dt.UTC)
    stats = aws.cw.get_metric_statistics(
        Namespace=namespace,
        MetricName="m",
        StartTime=now - dt.timedelta(minutes=5),
        EndTime=now + dt.timedelta(minutes=1),
        Period=60,
        Statistics=["Sum"],
    )
    assert sum(p["Sum"] for p in stats["Datapoints"]) == 1.0


def test_parameters_are_described_by_path_page_by_page_and_never_with_their_values(aws):
    ssm = aws.client("ssm")
    root = f"/shelcaster/{uuid.uuid4().hex[:8]}"
    names = [f"{root}/s{n:02d}/platform-1" for n in range(12)]
    for name in names:
        ssm.put_parameter(Name=name, Value="sk_live_secret", Type="SecureString")
    ssm.put_parameter(Name=f"{root}-sibling/s/platform-1", Value="other", Type="SecureString")
    bodies: list[str] = []
    ssm.meta.events.register(
        "after-call.ssm.DescribeParameters", lambda http_response, **_: bodies.append(http_response.text)
    )
    filters = [{"Key": "Path", "Option": "Recursive", "Values": [root]}]
    pages = list(ssm.get_paginator("describe_parameters").paginate(ParameterFilters=filters))
    assert sorted(p["Name"] for page in pages for p in page["Parameters"]) == names
    assert len(pages) > 1
    # DescribeParameters returns metadata only: ParameterMetadata has no Value member (botocore model).
    assert bodies and not any("sk_live_secret" in body or '"Value"' in body for body in bodies)
