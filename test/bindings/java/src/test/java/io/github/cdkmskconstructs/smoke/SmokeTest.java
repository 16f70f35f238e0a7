package io.github.cdkmskconstructs.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cdkmskconstructs.BrokerInstanceType;
import io.github.cdkmskconstructs.BrokerStorageOptions;
import io.github.cdkmskconstructs.ClientAuthentication;
import io.github.cdkmskconstructs.ClientAuthenticationOptions;
import io.github.cdkmskconstructs.ClusterSizing;
import io.github.cdkmskconstructs.SizingBrokerFamily;
import io.github.cdkmskconstructs.SizingComparison;
import io.github.cdkmskconstructs.CostEstimate;
import io.github.cdkmskconstructs.CostEstimator;
import io.github.cdkmskconstructs.CostLine;
import io.github.cdkmskconstructs.IProvisionedCluster;
import io.github.cdkmskconstructs.MonitoredClusterKind;
import io.github.cdkmskconstructs.MskClusterMonitoring;
import io.github.cdkmskconstructs.MskClusterMonitoringProps;
import io.github.cdkmskconstructs.ProvisionedCluster;
import io.github.cdkmskconstructs.ProvisionedCostInput;
import io.github.cdkmskconstructs.SizingInput;
import io.github.cdkmskconstructs.SizingRecommendation;
import io.github.cdkmskconstructs.Topic;
import io.github.cdkmskconstructs.TopicOptions;
import io.github.cdkmskconstructs.ValidationErrors;
import io.github.cdkmskconstructs.ValidationProblem;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.MetadataEntryResult;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * Smoke test of the jsii-built Java package of cdk-msk-constructs (issue 16), run by test/bindings/java/run.sh.
 */
class SmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stack of the reference quickstart (test/bindings/quickstart-template.ts), in Java. */
    private static Stack quickstartStack(final App app) {
        return new Stack(app, "MskQuickstart", StackProps.builder()
                .env(Environment.builder().region("us-east-1").build())
                .build());
    }

    /** The VPC of the reference quickstart: three isolated /22 subnets in us-east-1a, b and c, no NAT. */
    private static Vpc quickstartVpc(final Stack stack) {
        return Vpc.Builder.create(stack, "Vpc")
                .availabilityZones(List.of("us-east-1a", "us-east-1b", "us-east-1c"))
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("Private")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(22)
                        .build()))
                .build();
    }

    /** The line of the caller, so an assertion can name the line of a statement written on the same line. */
    private static int thisLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber();
    }

    /** The synthesized template of `stack`, as JSON. */
    private static JsonNode templateOf(final App app, final Stack stack) {
        return JSON.valueToTree(app.synth().getStackByName(stack.getStackName()).getTemplate());
    }

    /** The resources of `template` whose Type is `type`. */
    private static List<JsonNode> resourcesOfType(final JsonNode template, final String type) {
        final List<JsonNode> found = new ArrayList<>();
        template.get("Resources").forEach(resource -> {
            if (type.equals(resource.path("Type").asText())) {
                found.add(resource);
            }
        });
        return found;
    }

    // ------------------------------------------------------------------------------------------------------
    // a. The quickstart in Java synthesizes the template of the TypeScript quickstart.

    /**
     * What the comparison ignores (normalize):
     * - `Metadata` of every resource and of the template (aws:cdk:path, asset paths, which differ between a
     *   jsii host and Node.js by construction);
     * - asset hashes: any string that is a 64-hex-digit asset hash, alone or followed by an extension
     *   (e.g. the provider Lambda's Code.S3Key `<hash>.zip`), becomes `<asset-hash>`;
     * - asset parameters (`AssetParameters...` Parameters of the legacy synthesizer; none with the default one);
     * - number representation: 100 and 100.0 are the same number (jsii hands numbers to Java as doubles).
     */
    private static final Pattern ASSET_HASH = Pattern.compile("^[0-9a-f]{64}(\\.[A-Za-z0-9.]+)?$");

    private static JsonNode normalize(final JsonNode node) {
        if (node.isObject()) {
            final ObjectNode out = JsonNodeFactory.instance.objectNode();
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("Metadata")) {
                    continue;
                }
                out.set(field.getKey(), normalize(field.getValue()));
            }
            final JsonNode parameters = out.get("Parameters");
            if (parameters instanceof ObjectNode) {
                ((ObjectNode) parameters).remove(names(parameters).stream()
                        .filter(name -> name.startsWith("AssetParameters"))
                        .collect(Collectors.toList()));
            }
            return out;
        }
        if (node.isArray()) {
            final ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(normalize(item)));
            return out;
        }
        if (node.isTextual() && ASSET_HASH.matcher(node.asText()).matches()) {
            return JsonNodeFactory.instance.textNode("<asset-hash>");
        }
        if (node.isNumber()) {
            final double value = node.asDouble();
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? JsonNodeFactory.instance.numberNode((long) value)
                    : JsonNodeFactory.instance.numberNode(value);
        }
        return node;
    }

    /** The field names of an object node, sorted. */
    private static TreeSet<String> names(final JsonNode node) {
        final TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every difference between `expected` and `actual` below `path`, as `path: expected ... but Java has ...`. */
    private static void diff(final String path, final JsonNode expected, final JsonNode actual, final List<String> out) {
        if (expected == null || actual == null) {
            out.add(path + ": " + (expected == null ? "missing in TypeScript, Java has " + actual : "TypeScript has " + expected + ", missing in Java"));
        } else if (expected.isObject() && actual.isObject()) {
            final TreeSet<String> keys = names(expected);
            keys.addAll(names(actual));
            for (final String key : keys) {
                diff(path + "." + key, expected.get(key), actual.get(key), out);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": TypeScript has " + expected + ", Java has " + actual);
        }
    }

    @Test
    void quickstartSynthesizesTheTemplateOfTheTypeScriptQuickstart() throws IOException {
        final String referencePath = System.getProperty("quickstart.template");
        assertNotNull(referencePath, "system property quickstart.template (set by run.sh) names the TypeScript template");
        final JsonNode reference = normalize(JSON.readTree(new File(referencePath)));

        final App app = new App();
        final Stack stack = quickstartStack(app);
        final Vpc vpc = quickstartVpc(stack);
        final ProvisionedCluster cluster = ProvisionedCluster.Builder.create(stack, "Events").vpc(vpc).build();
        final JsonNode java = normalize(templateOf(app, stack));

        // Same logical ids, and the same type for each.
        assertEquals(names(reference.get("Resources")), names(java.get("Resources")), "logical ids");
        for (final String id : names(reference.get("Resources"))) {
            assertEquals(reference.get("Resources").get(id).get("Type"), java.get("Resources").get(id).get("Type"), "type of " + id);
        }
        // Then every property, and every other section (Parameters, Rules, Outputs, Conditions...).
        final List<String> differences = new ArrayList<>();
        diff("", reference, java, differences);
        assertTrue(differences.isEmpty(), differences.size() + " difference(s) from the TypeScript quickstart:\n  "
                + String.join("\n  ", differences));

        // The default cluster's recommended alarms (docs/ALARMS.md) reach Java as a List of Alarm.
        assertEquals(9, cluster.getAlarms().size(), "alarms of a default cluster");
    }

    // ------------------------------------------------------------------------------------------------------
    // b. What jsii can break: structs and builders, choice classes, nested Size, methods returning structs and
    //    lists, grants to a CDK Role, imports, and a construct taking a library interface.

    @Test
    void structsChoiceClassesGrantsSizingAndImportsCrossTheJsiiBoundary() {
        final App app = new App();
        final Stack stack = quickstartStack(app);
        final Vpc vpc = quickstartVpc(stack);

        // A choice class built from an options struct (builder).
        final ClientAuthentication auth = ClientAuthentication.of(ClientAuthenticationOptions.builder().iam(true).scram(true).build());
        assertTrue(auth.getIamEnabled());
        assertTrue(auth.getScramEnabled());
        assertFalse(auth.getMutualTlsEnabled());
        assertEquals(List.of("iam", "scram"), auth.getModes().stream().map(mode -> mode.getName()).collect(Collectors.toList()));

        // A struct prop with a nested aws-cdk-lib Size.
        final ProvisionedCluster cluster = ProvisionedCluster.Builder.create(stack, "Events")
                .vpc(vpc)
                .clientAuthentication(auth)
                .storage(BrokerStorageOptions.builder()
                        .volumeSize(Size.gibibytes(200))
                        .maxVolumeSize(Size.gibibytes(1000))
                        .build())
                .build();
        assertTrue(cluster.getClientAuthentication().getScramEnabled());
        assertEquals(9, cluster.getAlarms().size(), "alarms of a cluster with default monitoring");

        // A topic, and a grant to an iam Role.
        final Topic topic = cluster.addTopic("Orders", TopicOptions.builder().topicName("orders").partitions(6).build());
        assertEquals("orders", topic.getTopicName());
        assertEquals(6, topic.getPartitions().intValue());
        final Role producer = Role.Builder.create(stack, "Producer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        cluster.grantProduce(producer, "orders");

        // Sizing: a struct in, a struct out (with a choice-class member and a list), fed back into a cost estimate.
        final SizingRecommendation plan = ClusterSizing.recommend(SizingInput.builder()
                .ingressMBps(50).egressMBps(100).retentionHours(72).partitions(300).brokerFamily(SizingBrokerFamily.EXPRESS).build());
        assertTrue(plan.getBrokerCount().intValue() >= 3, "broker count " + plan.getBrokerCount());
        assertEquals(plan.getBrokerCount().doubleValue(), plan.getBrokersPerAz().doubleValue() * 3, 1e-9);
        assertTrue(plan.getExpress(), "brokerFamily EXPRESS gives Express brokers");
        // The comparison: every option with its estimate, and the summary, across jsii.
        final SizingComparison comparison = ClusterSizing.compare(SizingInput.builder()
                .ingressMBps(50).egressMBps(100).retentionHours(72).partitions(300).build());
        assertEquals(3, comparison.getOptions().size());
        assertTrue(comparison.getSummary().contains("Recommended: "), comparison.getSummary());
        assertTrue(plan.getInstanceType().getInstanceType().startsWith("express."), plan.getInstanceType().getInstanceType());
        assertFalse(plan.getReasons().isEmpty());
        final CostEstimate estimate = CostEstimator.forRecommendation(plan);
        assertTrue(estimate.getMonthlyUsd().doubleValue() > 0);
        assertFalse(estimate.getLines().isEmpty());
        final double sum = estimate.getLines().stream().mapToDouble((CostLine line) -> line.getUsd().doubleValue()).sum();
        assertEquals(estimate.getMonthlyUsd().doubleValue(), sum, 0.05, "monthlyUsd is the sum of the lines");
        assertEquals("us-east-1", estimate.getRegion());
        final CostEstimate standard = CostEstimator.provisionedMonthly(ProvisionedCostInput.builder()
                .instanceType(BrokerInstanceType.KAFKA_M7_G_LARGE).brokerCount(3).volumeSizeGiB(200).build());
        assertTrue(standard.getLines().stream().anyMatch(line -> line.getUnit().equals("broker-hour") && line.getQuantity().doubleValue() > 0),
                "a broker-hour line: " + standard.getLines().stream().map(CostLine::getUnit).collect(Collectors.toList()));
        // The recommendation, a struct that came from JavaScript, goes back in as a prop.
        final ProvisionedCluster sized = ProvisionedCluster.Builder.create(stack, "Sized").vpc(vpc).sizing(plan).build();
        assertEquals(plan.getInstanceType().getInstanceType(), sized.getInstanceType().getInstanceType());
        assertEquals(plan.getBrokerCount().intValue(), sized.getNumberOfBrokerNodes().intValue());

        // An import, watched by MskClusterMonitoring (a construct taking the library's IMskCluster interface).
        final IProvisionedCluster imported = ProvisionedCluster.fromClusterArn(stack, "Imported",
                "arn:aws:kafka:us-east-1:123456789012:cluster/orders/11111111-2222-3333-4444-555555555555-1");
        assertEquals("orders", imported.getClusterName());
        assertTrue(imported.getAlarmActions().isEmpty(), "no monitoring yet on the import");
        final Role consumer = Role.Builder.create(stack, "Consumer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        imported.grantConsume(consumer, "orders", "billing");
        final MskClusterMonitoring monitoring = new MskClusterMonitoring(stack, "ImportedMonitoring", MskClusterMonitoringProps.builder()
                .cluster(imported)
                .clusterKind(MonitoredClusterKind.provisioned(BrokerInstanceType.KAFKA_M7_G_LARGE, 3))
                .build());
        assertFalse(monitoring.getAlarms().isEmpty());
        assertNotNull(monitoring.getDashboard());
        assertFalse(imported.getAlarmActions().isEmpty(), "the monitoring became the import's: its alarm actions");

        final JsonNode template = templateOf(app, stack);
        // The nested Size reached the template: 200 GiB per broker, autoscaling up to 1000 GiB.
        final List<JsonNode> volumeSizes = resourcesOfType(template, "Custom::MskBrokerVolumeSize");
        assertTrue(volumeSizes.stream().anyMatch(r -> r.path("Properties").path("VolumeSize").asText().equals("200")),
                "a Custom::MskBrokerVolumeSize of 200 GiB: " + volumeSizes);
        assertTrue(resourcesOfType(template, "AWS::ApplicationAutoScaling::ScalableTarget").stream()
                .anyMatch(r -> r.path("Properties").path("MaxCapacity").asInt() == 1000), "a storage scalable target up to 1000 GiB");
        final List<JsonNode> clusters = resourcesOfType(template, "AWS::MSK::Cluster");
        assertEquals(2, clusters.size());
        assertTrue(clusters.stream().anyMatch(c -> c.path("Properties").path("ClientAuthentication").path("Sasl").path("Scram").path("Enabled").asBoolean()),
                "SCRAM enabled on the cluster");
        assertEquals(1, resourcesOfType(template, "AWS::MSK::Topic").size());
        final String policies = resourcesOfType(template, "AWS::IAM::Policy").toString();
        assertTrue(policies.contains("kafka-cluster:WriteData"), "the producer role may write: " + policies);
        assertTrue(policies.contains("kafka-cluster:ReadData"), "the consumer role may read: " + policies);
        assertEquals(cluster.getAlarms().size() + sized.getAlarms().size() + monitoring.getAlarms().size(),
                resourcesOfType(template, "AWS::CloudWatch::Alarm").size(), "every alarm in the template is one the Java objects list");
    }

    // ------------------------------------------------------------------------------------------------------
    // c. A validation error reaches Java as an exception carrying the library's message.

    /** The error a cluster with `brokersPerAz: 0` raises, as Java receives it. */
    private static RuntimeException brokersPerAzZeroError() {
        final App app = new App();
        final Stack stack = quickstartStack(app);
        final Vpc vpc = quickstartVpc(stack);
        return assertThrows(RuntimeException.class,
                () -> ProvisionedCluster.Builder.create(stack, "Events").vpc(vpc).brokersPerAz(0).build());
    }

    private static void assertBrokersPerAzProblem(final List<ValidationProblem> problems) {
        assertEquals(1, problems.size(), "problems: " + problems.stream()
                .map(p -> "[" + p.getRuleId() + "] " + p.getMessage()).collect(Collectors.toList()));
        final ValidationProblem problem = problems.get(0);
        assertEquals("BrokersPerAzInvalid", problem.getRuleId());
        assertEquals("brokersPerAz", problem.getProperty());
        assertEquals("brokersPerAz: 0 is not a whole number of at least 1. Fix: use 1 or more.", problem.getMessage());
        assertEquals("MskQuickstart/Events", problem.getPath());
    }

    /**
     * The library's own text in a message as the jsii Java runtime hands it: the runtime appends a newline and
     * the JavaScript stack, whose first line repeats the message (`ValidationError: cdk-msk-constructs: ...` from
     * a constructor, `@jsii/kernel.RuntimeError: ValidationError: ...` from a method) and whose frames follow as
     * `    at ...` lines (ValidationErrors.parse skips them: see the test below). The library's text is its header line, then lines indented
     * by two spaces (`  - [RuleId] ...` items and their continuation lines): stop at the first other line.
     */
    private static String libraryPartOf(final String javaMessage) {
        final String[] lines = javaMessage.split("\n", -1);
        int end = 1;
        while (end < lines.length && lines[end].startsWith("  ")) {
            end++;
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, end));
    }

    @Test
    void aValidationErrorReachesJavaWithTheRuleIdThePropertyAndTheFix() {
        // From a constructor, jsii 1.140 hands Java a software.amazon.jsii.JsiiError (a RuntimeException): its kernel
        // wraps errors of methods as @jsii/kernel.RuntimeError (a plain RuntimeException in Java) but not of `create`.
        final RuntimeException error = brokersPerAzZeroError();
        final String message = error.getMessage();
        assertTrue(message.startsWith("cdk-msk-constructs: 1 problem in ProvisionedCluster 'MskQuickstart/Events':\n"
                + "  - [BrokersPerAzInvalid] brokersPerAz: 0 is not a whole number of at least 1. Fix: use 1 or more.\n"), message);

        assertBrokersPerAzProblem(ValidationErrors.parse(libraryPartOf(message)));
        // jsii hands Java the message only: the exception is not the library's own error object.
        assertFalse(ValidationErrors.isValidationError(error));
        assertTrue(ValidationErrors.parse("some other error").isEmpty());

        // From a static method: ClusterSizing.recommend's input check.
        final RuntimeException sizingError = assertThrows(RuntimeException.class, () -> ClusterSizing.recommend(SizingInput.builder()
                .ingressMBps(0).egressMBps(10).retentionHours(24).partitions(10).build()));
        assertTrue(sizingError.getMessage().startsWith("ValidationError: cdk-msk-constructs: 1 problem in ClusterSizing:\n"),
                sizingError.getMessage());
        final List<ValidationProblem> sizingProblems = ValidationErrors.parse(libraryPartOf(sizingError.getMessage()));
        assertEquals(1, sizingProblems.size(), sizingError.getMessage());
        assertEquals("SizingInputInvalid", sizingProblems.get(0).getRuleId());
        assertEquals("ingressMBps", sizingProblems.get(0).getProperty());
        assertTrue(sizingProblems.get(0).getMessage().contains("Fix: "), sizingProblems.get(0).getMessage());
    }

    @Test
    void validationErrorsParseReadsTheMessageAsJavaReceivesIt() {
        // The whole message, stack included: parse reads each problem once.
        assertBrokersPerAzProblem(ValidationErrors.parse(brokersPerAzZeroError().getMessage()));
        final RuntimeException sizingError = assertThrows(RuntimeException.class, () -> ClusterSizing.recommend(SizingInput.builder()
                .ingressMBps(0).egressMBps(10).retentionHours(24).partitions(10).build()));
        final List<ValidationProblem> problems = ValidationErrors.parse(sizingError.getMessage());
        assertEquals(1, problems.size());
        assertEquals("ingressMBps: must be a positive number of MB/s (got 0). Fix: pass the average client write throughput, e.g. 10.",
                problems.get(0).getMessage());
    }

    // ------------------------------------------------------------------------------------------------------
    // d. Creation traces point to the user's Java file and line.
    //
    // The jsii Java runtime sends the caller's frames to JavaScript (where the library's hostFrames() reads them)
    // only when the environment variable JSII_HOST_STACK_TRACES is 1/true/yes (pom.xml sets it for Surefire).

    @Test
    void theCreationTraceInTheCloudAssemblyNamesTheJavaFileAndLine() {
        assertEquals("1", System.getenv("JSII_HOST_STACK_TRACES"), "pom.xml sets JSII_HOST_STACK_TRACES for Surefire");
        final App app = new App();
        final Stack stack = quickstartStack(app);
        final Vpc vpc = quickstartVpc(stack);
        final int line = thisLine(); ProvisionedCluster.Builder.create(stack, "Events").vpc(vpc).build();

        final CloudAssembly assembly = app.synth();
        final CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
        final List<MetadataEntryResult> traces = artifact.findMetadataByType("aws:cdk:creationStack");
        final MetadataEntryResult clusterTrace = traces.stream()
                .filter(entry -> entry.getPath().equals("/MskQuickstart/Events/Resource"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no creation trace for the cluster in "
                        + traces.stream().map(MetadataEntryResult::getPath).collect(Collectors.toList())));
        final String frames = String.valueOf(clusterTrace.getData());
        assertTrue(frames.contains("SmokeTest.java:" + line + ")"), "the cluster's creation trace names SmokeTest.java:" + line + ": " + frames);
        assertTrue(frames.contains(SmokeTest.class.getName() + ".theCreationTraceInTheCloudAssemblyNamesTheJavaFileAndLine"), frames);
    }

    @Test
    void theStackOfAValidationErrorNamesTheJavaFileAndLine() {
        final App app = new App();
        final Stack stack = quickstartStack(app);
        final Vpc vpc = quickstartVpc(stack);
        final int[] line = new int[1];
        final RuntimeException error = assertThrows(RuntimeException.class, () -> {
            line[0] = thisLine(); ProvisionedCluster.Builder.create(stack, "Events").vpc(vpc).brokersPerAz(0).build();
        });
        // The runtime appends the JavaScript stack to the message; the library's stack ends with the Java frames.
        assertTrue(error.getMessage().contains("SmokeTest.java:" + line[0] + ")"),
                "the error names SmokeTest.java:" + line[0] + ": " + error.getMessage());
    }
}
