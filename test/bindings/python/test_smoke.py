"""Smoke test of the Python package of cdk-msk-constructs (`cdk_msk_constructs`), built by jsii-pacmak and
installed next to the released aws-cdk-lib for Python (test/bindings/python/requirements.txt).

Run it with test/bindings/python/run.sh, which also writes the TypeScript reference template
(test/bindings/quickstart-template.ts) that test_quickstart_template_matches_typescript compares with.
"""
import copy
import inspect
import json
import os
import re
import traceback
from pathlib import Path

import pytest

import aws_cdk as cdk
from aws_cdk import assertions
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

import cdk_msk_constructs as msk

REPO_ROOT = Path(__file__).resolve().parents[3]
REFERENCE_TEMPLATE = Path(
    os.environ.get("QUICKSTART_TEMPLATE", REPO_ROOT / ".tmp" / "bindings" / "quickstart.template.json")
)

ORDERS_ARN = "arn:aws:kafka:us-east-1:111111111111:cluster/orders/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-7"


def quickstart_stack(app: cdk.App, stack_id: str = "MskQuickstart") -> cdk.Stack:
    """The stack of test/bindings/quickstart-template.ts, without the cluster."""
    return cdk.Stack(app, stack_id, env=cdk.Environment(region="us-east-1"))


def quickstart_vpc(stack: cdk.Stack) -> ec2.Vpc:
    return ec2.Vpc(
        stack,
        "Vpc",
        availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"],
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="Private", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=22)
        ],
    )


# ---------------------------------------------------------------------------------------------------------------
# 1. The quickstart synthesizes the same template in Python as in TypeScript.

ASSET_HASH = re.compile(r"^[0-9a-f]{64}(\.zip|\.json)?$")


def normalized(template: dict) -> dict:
    """`template` without what legitimately differs between the TypeScript and the Python synthesis.

    Normalized (and nothing else):
    - asset hashes (any string that is a 64-hex-digit asset hash, optionally with .zip/.json: the S3Key of the
      Lambda code of the custom-resource provider). The hash covers the CDK's own provider entrypoint
      (aws-cdk-lib/custom-resource-handlers/dist/core/nodejs-entrypoint-handler), which differs between the
      aws-cdk-lib of the TypeScript build (npm, package.json devDependencies) and the one on PyPI when their
      versions differ; the library's own handler code (assets/custom-resources/provider) is the same file.
    - each resource's `Metadata` (aws:cdk:path and suppressions: not properties of the resource).
    Logical ids, types, properties, DependsOn, conditions, parameters, outputs and rules are compared as is.
    """
    result = copy.deepcopy(template)

    def scrub(value):
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, str) and ASSET_HASH.match(value):
            return "<asset-hash>"
        return value

    for resource in result.get("Resources", {}).values():
        resource.pop("Metadata", None)
    return scrub(result)


def test_quickstart_template_matches_typescript():
    assert REFERENCE_TEMPLATE.is_file(), (
        f"{REFERENCE_TEMPLATE} is missing: run test/bindings/python/run.sh, which writes it with "
        "test/bindings/quickstart-template.ts"
    )
    expected = normalized(json.loads(REFERENCE_TEMPLATE.read_text()))

    app = cdk.App()
    stack = quickstart_stack(app)
    msk.ProvisionedCluster(stack, "Events", vpc=quickstart_vpc(stack))
    actual = normalized(app.synth().get_stack_by_name(stack.stack_name).template)

    expected_resources = expected.get("Resources", {})
    actual_resources = actual.get("Resources", {})
    assert sorted(actual_resources) == sorted(expected_resources), "logical ids differ"
    for logical_id, resource in expected_resources.items():
        assert actual_resources[logical_id]["Type"] == resource["Type"], logical_id
        assert actual_resources[logical_id] == resource, f"{logical_id} ({resource['Type']}) differs"
    assert actual == expected
    # The comparison is not vacuous: the quickstart is an MSK cluster with its alarms.
    types = {r["Type"] for r in expected_resources.values()}
    assert {"AWS::MSK::Cluster", "AWS::CloudWatch::Alarm", "AWS::KMS::Key"} <= types


# ---------------------------------------------------------------------------------------------------------------
# 2. What jsii can break: structs, choice classes, Size, methods returning constructs, grants, lists.


@pytest.fixture(scope="module")
def custom_cluster():
    """A cluster with IAM + SCRAM, 500 GiB volumes, a topic and a producer/consumer role; and its template."""
    app = cdk.App()
    stack = quickstart_stack(app, "Custom")
    vpc = quickstart_vpc(stack)
    auth = msk.ClientAuthentication.of(iam=True, scram=True)
    cluster = msk.ProvisionedCluster(
        stack,
        "Events",
        vpc=vpc,
        client_authentication=auth,
        storage=msk.BrokerStorageOptions(
            volume_size=cdk.Size.gibibytes(500), max_volume_size=cdk.Size.tebibytes(4), target_utilization=50
        ),
    )
    topic = cluster.add_topic("Orders", topic_name="orders", partitions=12)
    role = iam.Role(stack, "App", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
    produce = cluster.grant_produce(role, "orders")
    consume = cluster.grant_consume(role, "orders", "billing")
    template = assertions.Template.from_stack(stack)
    return {"auth": auth, "cluster": cluster, "topic": topic, "produce": produce, "consume": consume,
            "role_id": stack.get_logical_id(role.node.default_child), "template": template,
            "json": template.to_json()}


def test_client_authentication_of_options_struct(custom_cluster):
    auth = custom_cluster["auth"]
    assert auth.iam_enabled is True
    assert auth.scram_enabled is True
    assert auth.mutual_tls_enabled is False
    custom_cluster["template"].has_resource_properties("AWS::MSK::Cluster", {
        "ClientAuthentication": {"Sasl": {"Iam": {"Enabled": True}, "Scram": {"Enabled": True}}},
    })


def test_storage_struct_with_nested_size(custom_cluster):
    # With auto scaling the cluster reads its volume size at deploy time (it only grows), from the
    # Custom::MskBrokerVolumeSize resource that carries the configured size.
    custom_cluster["template"].has_resource_properties("Custom::MskBrokerVolumeSize", {"VolumeSize": "500"})
    # volumeSize (500 GiB), maxVolumeSize (4 TiB) and targetUtilization reach the storage auto scaling.
    custom_cluster["template"].has_resource_properties("AWS::ApplicationAutoScaling::ScalableTarget", {
        "MinCapacity": 500,
        "MaxCapacity": 4096,
        "ScalableDimension": "kafka:broker-storage:VolumeSize",
    })
    custom_cluster["template"].has_resource_properties("AWS::ApplicationAutoScaling::ScalingPolicy", {
        "TargetTrackingScalingPolicyConfiguration": assertions.Match.object_like({"TargetValue": 50}),
    })


def test_add_topic(custom_cluster):
    topic = custom_cluster["topic"]
    assert isinstance(topic, msk.Topic)
    assert topic.topic_name == "orders"
    assert topic.partitions == 12
    assert topic.replication_factor == 3
    custom_cluster["template"].has_resource_properties("AWS::MSK::Topic", {
        "TopicName": "orders",
        "PartitionCount": 12,
        "ReplicationFactor": 3,
    })


def test_grants_to_a_role(custom_cluster):
    assert isinstance(custom_cluster["produce"], iam.Grant)
    assert custom_cluster["produce"].success and custom_cluster["consume"].success
    role_ref = {"Ref": custom_cluster["role_id"]}
    policies = [
        r for r in custom_cluster["json"]["Resources"].values()
        if r["Type"] == "AWS::IAM::Policy" and role_ref in r["Properties"].get("Roles", [])
    ]
    assert len(policies) == 1, "one policy on the role"
    actions = set()
    for statement in policies[0]["Properties"]["PolicyDocument"]["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    assert {"kafka-cluster:Connect", "kafka-cluster:WriteData", "kafka-cluster:ReadData",
            "kafka-cluster:DescribeTopic", "kafka-cluster:AlterGroup"} <= actions


def test_kafka_acl_grants_of_a_scram_user_and_a_certificate_user():
    """ScramUser is a class whose grants (inherited from the abstract KafkaUser) add Kafka ACLs across the jsii boundary."""
    app = cdk.App()
    stack = quickstart_stack(app, "MskAcls")
    cluster = msk.ProvisionedCluster(
        stack, "Events", vpc=quickstart_vpc(stack), client_authentication=msk.ClientAuthentication.scram()
    )
    orders = cluster.add_scram_user("orders")
    assert isinstance(orders, msk.KafkaUser)
    assert orders.principal.principal == "User:orders"
    orders.grant_consume("orders", "billing")
    orders.grant_produce("payments.*")
    cluster.kafka_acls.add_acl(
        principal=msk.KafkaPrincipal.scram_user("analytics"),
        resource=msk.KafkaAclResource.topic("pii.*"),
        operation=msk.KafkaAclOperation.READ,
        permission=msk.KafkaAclPermission.DENY,
    )
    template = assertions.Template.from_stack(stack).to_json()
    resources = [r for r in template["Resources"].values() if r["Type"] == "Custom::MskKafkaAcls"]
    assert len(resources) == 1
    acls = json.loads(stack.resolve(resources[0]["Properties"]["Acls"]))
    described = [f'{a["principal"]} {a["permissionType"]} {a["operation"]} {a["resourceType"]}:{a["resourceName"]}({a["patternType"]})' for a in acls]
    assert "User:orders ALLOW READ TOPIC:orders(LITERAL)" in described
    assert "User:orders ALLOW WRITE TOPIC:payments.(PREFIXED)" in described
    assert "User:analytics DENY READ TOPIC:pii.(PREFIXED)" in described


def test_kafka_acls_on_a_cluster_without_scram_is_a_python_exception():
    app = cdk.App()
    stack = quickstart_stack(app, "MskNoScram")
    cluster = msk.ProvisionedCluster(stack, "Events", vpc=quickstart_vpc(stack))
    with pytest.raises(Exception) as raised:
        cluster.kafka_acls
    assert "KafkaAclsNeedScram" in str(raised.value)


def test_data_delivery_channel_of_an_express_cluster():
    """DataDeliveryChannel (written as a CfnResource, so that it works with the aws-cdk-lib pinned for Python)."""
    app = cdk.App()
    stack = quickstart_stack(app, "MskDelivery")
    cluster = msk.ProvisionedCluster(
        stack, "Events", vpc=quickstart_vpc(stack), instance_type=msk.BrokerInstanceType.EXPRESS_M7_G_LARGE
    )
    channel = msk.DataDeliveryChannel(
        stack, "Orders", cluster=cluster, topic_name="orders",
        destination=msk.DataDeliveryDestination.s3(value_converter=msk.S3ValueConverter.JSON),
    )
    assert len(channel.alarms) == 2
    channels = [r for r in assertions.Template.from_stack(stack).to_json()["Resources"].values() if r["Type"] == "AWS::MSK::Channel"]
    assert len(channels) == 1
    props = channels[0]["Properties"]
    assert props["TopicConfigurationList"][0]["RecordConverter"] == {"ValueConverter": "JSON"}
    assert props["S3DestinationConfiguration"]["Storage"]["CompressionType"] == "GZIP"
    assert props["S3DestinationConfiguration"]["DataFreshnessInSeconds"] == 600


def test_cluster_alarms_list(custom_cluster):
    alarms = custom_cluster["cluster"].alarms
    assert isinstance(alarms, list)
    assert len(alarms) == 9
    assert all(isinstance(alarm, cloudwatch.Alarm) for alarm in alarms)
    assert len({alarm.node.path for alarm in alarms}) == 9


def test_sizing_comparison():
    # Every option sized and priced, with a map of prices, unpriced lines and the printable summary across jsii.
    comparison = msk.ClusterSizing.compare(
        ingress_m_bps=50, egress_m_bps=150, retention_hours=72, partitions=600,
        prices=msk.MskPriceOverrides(broker_hour_usd_by_instance_type={"kafka.m7g.large": 0.204}),
    )
    assert isinstance(comparison, msk.SizingComparison)
    assert {o.kind for o in comparison.options} == {
        msk.SizingOptionKind.STANDARD_EBS, msk.SizingOptionKind.STANDARD_TIERED, msk.SizingOptionKind.EXPRESS,
    }
    assert comparison.recommendation.kind == msk.SizingOptionKind.STANDARD_EBS
    express = next(o for o in comparison.options if o.kind == msk.SizingOptionKind.EXPRESS)
    assert not express.complete
    assert express.estimate.unpriced[0].price_property == "expressStorageGBMonthUsd"
    assert express.estimate.unpriced[0].quantity == 12960
    assert "Recommended: Standard brokers, EBS storage" in comparison.summary


def test_sizing_and_cost_estimate():
    plan = msk.ClusterSizing.recommend(ingress_m_bps=20, egress_m_bps=40, retention_hours=72, partitions=300)
    assert isinstance(plan, msk.SizingRecommendation)
    assert isinstance(plan.instance_type, msk.BrokerInstanceType)
    assert plan.broker_count >= 3 and plan.broker_count == plan.brokers_per_az * 3
    assert plan.reasons and all(isinstance(r, str) for r in plan.reasons)

    estimate = msk.CostEstimator.for_recommendation(plan)
    assert estimate.monthly_usd > 0
    assert estimate.lines
    assert estimate.monthly_usd == pytest.approx(sum(line.usd for line in estimate.lines), abs=0.01)
    assert estimate.region and estimate.price_date and estimate.source

    # A struct returned from JavaScript goes back in as a prop.
    app = cdk.App()
    stack = quickstart_stack(app, "Sized")
    msk.ProvisionedCluster(stack, "Events", vpc=quickstart_vpc(stack), sizing=plan)
    template = assertions.Template.from_stack(stack)
    template.has_resource_properties("AWS::MSK::Cluster", {
        "NumberOfBrokerNodes": plan.broker_count,
        "BrokerNodeGroupInfo": assertions.Match.object_like({"InstanceType": plan.instance_type.to_string()}),
    })

    provisioned = msk.CostEstimator.provisioned_monthly(
        instance_type=msk.BrokerInstanceType.KAFKA_M7_G_LARGE, broker_count=3, volume_size_gib=100,
        prices=msk.MskPriceOverrides(broker_hour_usd=1.0),
    )
    assert "brokerHourUsd" in provisioned.overridden_prices
    broker_line = next(line for line in provisioned.lines if line.unit_usd == 1.0)
    assert broker_line.quantity == pytest.approx(3 * 730, rel=0.01)


def test_import_and_monitoring_of_the_imported_cluster():
    app = cdk.App()
    stack = quickstart_stack(app, "Watcher")
    orders = msk.ProvisionedCluster.from_cluster_arn(stack, "Orders", ORDERS_ARN)
    assert orders.cluster_arn == ORDERS_ARN
    assert orders.cluster_name == "orders"

    monitoring = msk.MskClusterMonitoring(
        stack,
        "OrdersMonitoring",
        cluster=orders,
        cluster_kind=msk.MonitoredClusterKind.provisioned(msk.BrokerInstanceType.KAFKA_M7_G_LARGE, 3),
        monitoring_level=msk.MonitoringLevel.PER_BROKER,
    )
    assert len(monitoring.alarms) > 0
    assert all(isinstance(alarm, cloudwatch.Alarm) for alarm in monitoring.alarms)
    assert monitoring.dashboard is not None
    lag = monitoring.add_consumer_lag_alarm("billing", "orders", 5000)
    assert isinstance(lag, cloudwatch.Alarm)

    template = assertions.Template.from_stack(stack)
    template.resource_count_is("AWS::CloudWatch::Alarm", len(monitoring.alarms))
    assert "orders" in json.dumps(template.to_json())
    # An imported cluster of this library takes the monitoring as its own (cluster-monitoring.ts).
    assert [a.node.path for a in orders.alarms] == [a.node.path for a in monitoring.alarms]


# ---------------------------------------------------------------------------------------------------------------
# 3. Errors and traces reach the Python user.


def test_validation_error_is_a_python_exception_with_the_library_message():
    app = cdk.App()
    stack = quickstart_stack(app, "Invalid")
    vpc = quickstart_vpc(stack)
    with pytest.raises(RuntimeError) as caught:
        msk.ProvisionedCluster(stack, "Events", vpc=vpc, brokers_per_az=0, cluster_name="bad name!")
    message = str(caught.value)
    assert "cdk-msk-constructs: 2 problems in ProvisionedCluster 'Invalid/Events'" in message
    assert "[BrokersPerAzInvalid] brokersPerAz:" in message
    assert "[ClusterNameInvalid] clusterName:" in message
    assert message.count("Fix:") == 2

    problems = msk.ValidationErrors.parse(message)
    assert [(p.rule_id, p.property) for p in problems] == [
        ("BrokersPerAzInvalid", "brokersPerAz"),
        ("ClusterNameInvalid", "clusterName"),
    ]
    assert all(isinstance(p, msk.ValidationProblem) for p in problems)
    assert all(p.path == "Invalid/Events" for p in problems)
    assert problems[0].message.startswith("brokersPerAz: 0 ") and "Fix:" in problems[0].message
    assert msk.ValidationErrors.parse("some other error") == []


def test_validation_error_of_a_method_is_a_python_exception():
    app = cdk.App()
    stack = quickstart_stack(app, "TopicInvalid")
    cluster = msk.ProvisionedCluster(stack, "Events", vpc=quickstart_vpc(stack))
    with pytest.raises(RuntimeError) as caught:
        cluster.add_topic("Orders", topic_name="orders", partitions=3, replication_factor=5)
    # jsii's kernel wraps errors of method calls ("ValidationError: " + message); parse still reads them.
    problems = msk.ValidationErrors.parse(str(caught.value))
    assert [(p.rule_id, p.property) for p in problems] == [("TopicReplicationAboveBrokers", "replicationFactor")]
    assert "Fix:" in problems[0].message


def _python_frames(trace):
    return [frame for frame in trace if frame.endswith(")") and ".py:" in frame]


def test_creation_trace_points_to_the_python_line(monkeypatch):
    # The jsii Python runtime sends the caller's frames to the kernel only with JSII_HOST_STACK_TRACES set
    # (jsii/_stack_trace.py; the CDK CLI sets it, with CDK_DEBUG, for `cdk synth --debug-app`).
    monkeypatch.setenv("JSII_HOST_STACK_TRACES", "1")
    app = cdk.App()
    stack = quickstart_stack(app, "Traced")
    vpc = quickstart_vpc(stack)
    line = inspect.currentframe().f_lineno + 1
    cluster = msk.ProvisionedCluster(stack, "Events", vpc=vpc)
    app.synth()

    expected = f"{__file__}:{line})"
    traces = [entry.data for entry in cluster.node.default_child.node.metadata if entry.type == "aws:cdk:creationStack"]
    assert len(traces) == 1, "the cluster resource has one creation trace"
    frames = _python_frames(traces[0])
    assert frames, f"no Python frame in the creation trace: {traces[0]}"
    assert frames[0].endswith(expected), f"first Python frame {frames[0]!r}, expected ...{expected}"

    # Every resource of the construct shares that trace (creation-trace.ts), e.g. the alarms.
    alarm_resource = cluster.alarms[0].node.default_child
    alarm_traces = [e.data for e in alarm_resource.node.metadata if e.type == "aws:cdk:creationStack"]
    assert alarm_traces and _python_frames(alarm_traces[0])[0].endswith(expected)


def test_validation_error_trace_points_to_the_python_line(monkeypatch):
    monkeypatch.setenv("JSII_HOST_STACK_TRACES", "1")
    app = cdk.App()
    stack = quickstart_stack(app, "TracedError")
    vpc = quickstart_vpc(stack)
    with pytest.raises(RuntimeError) as caught:
        line = inspect.currentframe().f_lineno + 1
        msk.ProvisionedCluster(stack, "Events", vpc=vpc, brokers_per_az=0)
    # jsii raises the error from a JavaScriptError that carries the JavaScript stack (error.__cause__); the
    # library appends the host frames to it (errors.ts, userStack).
    javascript_stack = str(caught.value.__cause__)
    assert "[BrokersPerAzInvalid]" in javascript_stack
    assert f"{__file__}:{line})" in javascript_stack, javascript_stack
    # And Python's own traceback of the exception has the user's line.
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert any(frame.filename == __file__ and frame.lineno == line for frame in frames)
