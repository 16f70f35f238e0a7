// The Go smoke test of cdk-msk-constructs: the library's Go module, as jsii-pacmak builds it, used from Go next
// to the released aws-cdk-lib for Go. Run it with run.sh (it sets the caches, the module replace and
// QUICKSTART_TEMPLATE, the TypeScript reference template written by test/bindings/quickstart-template.ts).
package smoke

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	msk "github.com/cdk-msk-constructs/cdk-msk-constructs-go/cdkmskconstructs"
)

// TestMain stops the jsii runtime (a node process) after the tests, which also removes its temporary folder.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// quickstartStack is the reference quickstart's stack and VPC (test/bindings/quickstart-template.ts), in Go.
func quickstartStack() (awscdk.App, awscdk.Stack, awsec2.Vpc) {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("MskQuickstart"), &awscdk.StackProps{
		Env: &awscdk.Environment{Region: jsii.String("us-east-1")},
	})
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		AvailabilityZones: jsii.Strings("us-east-1a", "us-east-1b", "us-east-1c"),
		NatGateways:       jsii.Number(0),
		SubnetConfiguration: &[]*awsec2.SubnetConfiguration{{
			Name:       jsii.String("Private"),
			SubnetType: awsec2.SubnetType_PRIVATE_ISOLATED,
			CidrMask:   jsii.Number(22),
		}},
	})
	return app, stack, vpc
}

// templateOf synthesizes the app and returns the stack's template as plain JSON data.
func templateOf(t *testing.T, app awscdk.App, stack awscdk.Stack) map[string]interface{} {
	t.Helper()
	raw := app.Synth(nil).GetStackByName(stack.StackName()).Template()
	return asJSON(t, raw)
}

// asJSON round-trips v through encoding/json, so templates from Go and from the TypeScript file compare alike.
func asJSON(t *testing.T, v interface{}) map[string]interface{} {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var out map[string]interface{}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return out
}

// assetKey matches the S3 key of a file asset: its content hash, then .zip.
var assetKey = regexp.MustCompile(`^[0-9a-f]{64}\.zip$`)

// normalize drops what may differ between a TypeScript and a Go synthesis without being a difference in the
// stacks they describe. It normalizes exactly this:
//   - every `Metadata` key (of the template and of each resource: aws:cdk:path and asset metadata, which
//     depend on the CLI context and on where the asset was staged);
//   - every `S3Key` string that is an asset hash + ".zip" (the Lambda code of the library's custom resource
//     provider) becomes "<asset>.zip";
//   - template `Parameters` whose name starts with "AssetParameters" (legacy asset parameters).
//
// Everything else, logical ids, types, properties, DependsOn, deletion policies, Rules and the
// BootstrapVersion parameter, must be equal.
func normalize(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, val := range x {
			switch {
			case k == "Metadata":
				continue
			case k == "S3Key":
				if s, ok := val.(string); ok && assetKey.MatchString(s) {
					out[k] = "<asset>.zip"
					continue
				}
			}
			out[k] = normalize(val)
		}
		if params, ok := out["Parameters"].(map[string]interface{}); ok {
			for name := range params {
				if strings.HasPrefix(name, "AssetParameters") {
					delete(params, name)
				}
			}
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, val := range x {
			out[i] = normalize(val)
		}
		return out
	default:
		return v
	}
}

// diff lists the paths where a and b differ (at most limit of them).
func diff(path string, a, b interface{}, out *[]string, limit int) {
	if len(*out) >= limit {
		return
	}
	am, aok := a.(map[string]interface{})
	bm, bok := b.(map[string]interface{})
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			av, ain := am[k]
			bv, bin := bm[k]
			switch {
			case !ain:
				*out = append(*out, fmt.Sprintf("%s/%s: only in Go: %s", path, k, short(bv)))
			case !bin:
				*out = append(*out, fmt.Sprintf("%s/%s: only in TypeScript: %s", path, k, short(av)))
			default:
				diff(path+"/"+k, av, bv, out, limit)
			}
		}
		return
	}
	al, alok := a.([]interface{})
	bl, blok := b.([]interface{})
	if alok && blok && len(al) == len(bl) {
		for i := range al {
			diff(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], out, limit)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: TypeScript %s, Go %s", path, short(a), short(b)))
	}
}

func short(v interface{}) string {
	data, _ := json.Marshal(v)
	s := string(data)
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// TestQuickstartTemplateMatchesTypeScript: the quickstart synthesized in Go gives the TypeScript quickstart's
// template (same logical ids, types and properties; see normalize for what is ignored).
func TestQuickstartTemplateMatchesTypeScript(t *testing.T) {
	path := os.Getenv("QUICKSTART_TEMPLATE")
	if path == "" {
		t.Fatal("QUICKSTART_TEMPLATE is not set: run this test through test/bindings/go/run.sh")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the TypeScript template: %v", err)
	}
	var tsTemplate map[string]interface{}
	if err := json.Unmarshal(data, &tsTemplate); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}

	app, stack, vpc := quickstartStack()
	msk.NewProvisionedCluster(stack, jsii.String("Events"), &msk.ProvisionedClusterProps{Vpc: vpc})
	goTemplate := templateOf(t, app, stack)

	tsResources, _ := tsTemplate["Resources"].(map[string]interface{})
	goResources, _ := goTemplate["Resources"].(map[string]interface{})
	if len(tsResources) < 30 {
		t.Fatalf("the TypeScript template has %d resources; expected the whole quickstart", len(tsResources))
	}
	for id, r := range tsResources {
		g, ok := goResources[id]
		if !ok {
			t.Errorf("resource %s (%v) is missing from the Go template", id, r.(map[string]interface{})["Type"])
			continue
		}
		if tt, gt := r.(map[string]interface{})["Type"], g.(map[string]interface{})["Type"]; tt != gt {
			t.Errorf("resource %s: type %v in TypeScript, %v in Go", id, tt, gt)
		}
	}
	for id := range goResources {
		if _, ok := tsResources[id]; !ok {
			t.Errorf("resource %s is only in the Go template", id)
		}
	}

	var differences []string
	diff("", normalize(tsTemplate), normalize(goTemplate), &differences, 40)
	if len(differences) > 0 {
		t.Errorf("the Go template differs from the TypeScript one:\n  %s", strings.Join(differences, "\n  "))
	}

	// Report (not fail on) an asset hash difference: the same library files should hash alike.
	if tsKey, goKey := lambdaS3Key(tsResources), lambdaS3Key(goResources); tsKey != goKey {
		t.Logf("note: the Lambda asset key differs (TypeScript %s, Go %s); ignored as an asset hash", tsKey, goKey)
	}
}

func lambdaS3Key(resources map[string]interface{}) string {
	for _, r := range resources {
		res := r.(map[string]interface{})
		if res["Type"] != "AWS::Lambda::Function" {
			continue
		}
		props, _ := res["Properties"].(map[string]interface{})
		code, _ := props["Code"].(map[string]interface{})
		if key, ok := code["S3Key"].(string); ok {
			return key
		}
	}
	return ""
}

// TestJsiiSurface exercises what jsii marshals: a choice class built from an options struct, a struct prop
// holding aws-cdk-lib Size objects, a method returning a construct, a grant to an IAM role, a list of alarms.
func TestJsiiSurface(t *testing.T) {
	_, stack, vpc := quickstartStack()

	auth := msk.ClientAuthentication_Of(&msk.ClientAuthenticationOptions{
		Iam:   jsii.Bool(true),
		Scram: jsii.Bool(true),
	})
	if !*auth.IamEnabled() || !*auth.ScramEnabled() || *auth.MutualTlsEnabled() {
		t.Errorf("ClientAuthentication_Of: iam %v scram %v mutualTls %v", *auth.IamEnabled(), *auth.ScramEnabled(), *auth.MutualTlsEnabled())
	}
	if modes := auth.Modes(); len(*modes) != 2 || *(*modes)[1].Name != "scram" || *(*modes)[1].Port != 9096 {
		t.Errorf("ClientAuthentication modes: %s, want IAM and SCRAM (9096)", short(modes))
	}
	if port := *auth.PrimaryPort(); port != 9098 {
		t.Errorf("ClientAuthentication primary port %v, want 9098 (IAM)", port)
	}

	cluster := msk.NewProvisionedCluster(stack, jsii.String("Events"), &msk.ProvisionedClusterProps{
		Vpc:                  vpc,
		ClientAuthentication: auth,
		Storage: &msk.BrokerStorageOptions{
			VolumeSize:    awscdk.Size_Gibibytes(jsii.Number(500)),
			MaxVolumeSize: awscdk.Size_Tebibytes(jsii.Number(4)),
		},
	})
	if got := *cluster.ClientAuthentication().ScramEnabled(); !got {
		t.Errorf("cluster.ClientAuthentication().ScramEnabled() = %v", got)
	}

	// The README quick start's next line, in Go: an application's security group reaches the primary port.
	appSecurityGroup := awsec2.NewSecurityGroup(stack, jsii.String("App"), &awsec2.SecurityGroupProps{Vpc: vpc})
	cluster.Connections().AllowDefaultPortFrom(appSecurityGroup, nil)

	topic := cluster.AddTopic(jsii.String("Orders"), &msk.TopicOptions{
		TopicName:  jsii.String("orders"),
		Partitions: jsii.Number(12),
		Configs:    &map[string]*string{"retention.ms": jsii.String("604800000")},
	})
	if topic == nil || *topic.Node().Id() != "Orders" {
		t.Fatalf("AddTopic returned %v", topic)
	}

	role := awsiam.NewRole(stack, jsii.String("Producer"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	grant := cluster.GrantProduce(role, jsii.String("orders"))
	if !*grant.Success() {
		t.Errorf("GrantProduce to a role in the same stack did not succeed")
	}

	alarms := cluster.Alarms()
	if alarms == nil || len(*alarms) != 9 {
		t.Fatalf("cluster.Alarms(): %v alarms, want the 9 default ones", alarms)
	}
	for _, a := range *alarms {
		if a.AlarmArn() == nil {
			t.Errorf("alarm %s has no ARN", *a.Node().Path())
		}
	}

	template := assertions.Template_FromStack(stack, nil)
	template.HasResourceProperties(jsii.String("AWS::MSK::Cluster"), map[string]interface{}{
		"ClientAuthentication": map[string]interface{}{
			"Sasl": map[string]interface{}{
				"Iam":   map[string]interface{}{"Enabled": true},
				"Scram": map[string]interface{}{"Enabled": true},
			},
		},
	})
	// The Size props: 500 GiB initial volume, 4 TiB = 4096 GiB storage auto scaling maximum.
	template.HasResourceProperties(jsii.String("Custom::MskBrokerVolumeSize"), map[string]interface{}{
		"VolumeSize": "500",
	})
	template.HasResourceProperties(jsii.String("AWS::ApplicationAutoScaling::ScalableTarget"), map[string]interface{}{
		"MinCapacity": 500,
		"MaxCapacity": 4096,
	})
	template.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(9))
	template.HasResourceProperties(jsii.String("AWS::EC2::SecurityGroupIngress"), map[string]interface{}{
		"FromPort":              9098,
		"ToPort":                9098,
		"SourceSecurityGroupId": map[string]interface{}{"Fn::GetAtt": []interface{}{assertions.Match_StringLikeRegexp(jsii.String("^App")), "GroupId"}},
	})

	resources := asJSON(t, template.ToJSON())["Resources"].(map[string]interface{})
	var topicProps map[string]interface{}
	var policyText string
	for _, r := range resources {
		res := r.(map[string]interface{})
		props, _ := res["Properties"].(map[string]interface{})
		if res["Type"] == "AWS::IAM::Policy" {
			policyText += short(props["PolicyDocument"])
		}
		if props != nil && props["TopicName"] == "orders" {
			topicProps = props
		}
	}
	if topicProps == nil {
		t.Errorf("no resource for the topic 'orders' in the template")
	} else {
		// The topic's configs go to the template as base64 of the properties file text.
		configs, _ := base64.StdEncoding.DecodeString(fmt.Sprint(topicProps["Configs"]))
		if fmt.Sprint(topicProps["PartitionCount"]) != "12" || string(configs) != "retention.ms=604800000" {
			t.Errorf("topic 'orders' properties: %s (configs %q)", short(topicProps), configs)
		}
	}
	for _, action := range []string{"kafka-cluster:Connect", "kafka-cluster:WriteData"} {
		if !strings.Contains(policyText, action) {
			t.Errorf("the role's policy lacks %s: %s", action, policyText)
		}
	}
}

// TestSizingAndCost: ClusterSizing_Recommend and the cost estimate cross the jsii boundary as structs and numbers
// (expected values from test/sizing/*.test.ts and the price table of src/sizing/price-table.ts).
func TestSizingAndCost(t *testing.T) {
	plan := msk.ClusterSizing_Recommend(&msk.SizingInput{
		IngressMBps:    jsii.Number(5),
		EgressMBps:     jsii.Number(10),
		RetentionHours: jsii.Number(24),
		Partitions:     jsii.Number(100),
		AllowExpress:   jsii.Bool(false),
	})
	if got := *plan.InstanceType.InstanceType(); got != "kafka.m7g.large" {
		t.Errorf("recommended instance type %s, want kafka.m7g.large", got)
	}
	if *plan.Express || *plan.BrokerCount != 3 || *plan.BrokersPerAz != 1 || *plan.VolumeSizeGiB != 879 || *plan.TieredStorageAdvised {
		t.Errorf("recommendation: express %v brokers %v perAz %v volume %v tiered %v", *plan.Express, *plan.BrokerCount, *plan.BrokersPerAz, *plan.VolumeSizeGiB, *plan.TieredStorageAdvised)
	}
	if plan.ProvisionedThroughputMiBps != nil {
		t.Errorf("provisioned throughput %v, want none", *plan.ProvisionedThroughputMiBps)
	}
	if len(*plan.Reasons) < 2 {
		t.Errorf("reasons: %v", *plan.Reasons)
	}

	// 3 × 730 h × 0.204 USD = 446.76; 3 × 879 GB-month × 0.10 USD = 263.70; total 710.46.
	cost := msk.CostEstimator_ForRecommendation(plan, nil)
	if math.Abs(*cost.MonthlyUsd-710.46) > 0.005 {
		t.Errorf("monthly cost %v, want 710.46", *cost.MonthlyUsd)
	}
	if len(*cost.Lines) != 2 || *(*cost.Lines)[0].Usd != 446.76 || math.Abs(*(*cost.Lines)[1].Usd-263.7) > 0.005 {
		for _, l := range *cost.Lines {
			t.Logf("line %s: %v %s × %v = %v", *l.Item, *l.Quantity, *l.Unit, *l.UnitUsd, *l.Usd)
		}
		t.Errorf("cost lines differ from 446.76 + 263.70")
	}
	if *cost.Region != "us-east-1" || *cost.PriceDate != *msk.MskPriceTable_DATE() || len(*cost.OverriddenPrices) != 0 {
		t.Errorf("cost region %s date %s overridden %v", *cost.Region, *cost.PriceDate, *cost.OverriddenPrices)
	}

	// A sized cluster takes the recommendation as a struct prop.
	_, stack, vpc := quickstartStack()
	msk.NewProvisionedCluster(stack, jsii.String("Events"), &msk.ProvisionedClusterProps{Vpc: vpc, Sizing: plan})
	assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String("Custom::MskBrokerVolumeSize"), map[string]interface{}{
		"VolumeSize":   "879",
		"InstanceType": "kafka.m7g.large",
	})
}

// TestImportAndMonitoring: an imported cluster (ProvisionedCluster_FromClusterArn) is monitored with
// NewMskClusterMonitoring, and becomes the cluster's monitoring (its alarm actions).
func TestImportAndMonitoring(t *testing.T) {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Consumers"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")},
	})
	arn := "arn:aws:kafka:us-east-1:123456789012:cluster/orders/1a2b3c4d-5678-90ab-cdef-1234567890ab-2"
	imported := msk.ProvisionedCluster_FromClusterArn(stack, jsii.String("Orders"), jsii.String(arn))
	if got := *imported.ClusterArn(); got != arn {
		t.Errorf("ClusterArn() = %s", got)
	}
	if got := *imported.ClusterName(); got != "orders" {
		t.Errorf("ClusterName() = %s, want orders", got)
	}

	role := awsiam.NewRole(stack, jsii.String("Consumer"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	imported.GrantConsume(role, jsii.String("orders"), jsii.String("billing"))

	monitoring := msk.NewMskClusterMonitoring(stack, jsii.String("Monitoring"), &msk.MskClusterMonitoringProps{
		Cluster:     imported,
		ClusterKind: msk.MonitoredClusterKind_Provisioned(msk.BrokerInstanceType_KAFKA_M7G_LARGE(), jsii.Number(3)),
	})
	// 8, as in TypeScript: the monitoring level defaults to DEFAULT here, and IamTooManyConnections needs
	// per-broker metrics (the library's own clusters use PER_BROKER and get 9).
	if n := len(*monitoring.Alarms()); n != 8 {
		t.Errorf("monitoring.Alarms(): %d, want 8", n)
	}
	if actions := imported.AlarmActions(); actions == nil || len(*actions) == 0 {
		t.Errorf("the imported cluster has no alarm actions after NewMskClusterMonitoring")
	}
	lag := monitoring.AddConsumerLagAlarm(jsii.String("billing"), jsii.String("orders"), jsii.Number(1000))
	if lag == nil {
		t.Fatalf("AddConsumerLagAlarm returned nil")
	}

	template := assertions.Template_FromStack(stack, nil)
	template.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(9))
	resources := asJSON(t, template.ToJSON())["Resources"].(map[string]interface{})
	var policies string
	for _, r := range resources {
		res := r.(map[string]interface{})
		if res["Type"] == "AWS::IAM::Policy" {
			data, _ := json.Marshal(res["Properties"])
			policies += string(data)
		}
	}
	if !strings.Contains(policies, "arn:aws:kafka:us-east-1:123456789012:topic/orders/1a2b3c4d-5678-90ab-cdef-1234567890ab-2/orders") {
		t.Errorf("GrantConsume on the imported cluster does not name the topic ARN: %s", policies)
	}
}

// synthPanic runs fn and returns the message of the panic it raised ("" when none).
func synthPanic(fn func()) (message string) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok {
				message = err.Error()
			} else {
				message = fmt.Sprint(r)
			}
		}
	}()
	fn()
	return ""
}

// TestValidationErrorReachesGo: a validation error of the library reaches Go as a panic (jsii-runtime-go panics
// with the JavaScript error) whose message carries the rule id, the property and the fix, and
// ValidationErrors_Parse reads the problems back from it.
func TestValidationErrorReachesGo(t *testing.T) {
	message := synthPanic(func() {
		app, stack, vpc := quickstartStack()
		msk.NewProvisionedCluster(stack, jsii.String("Events"), &msk.ProvisionedClusterProps{
			Vpc:          vpc,
			BrokersPerAz: jsii.Number(0),
		})
		app.Synth(nil)
	})
	if message == "" {
		t.Fatal("brokersPerAz: 0 did not panic")
	}
	t.Logf("the panic's message:\n%s", message)
	for _, want := range []string{"cdk-msk-constructs:", "[BrokersPerAzInvalid]", "brokersPerAz: 0", "Fix:"} {
		if !strings.Contains(message, want) {
			t.Errorf("the panic message lacks %q:\n%s", want, message)
		}
	}

	problems := msk.ValidationErrors_Parse(jsii.String(message))
	if problems == nil || len(*problems) != 1 {
		t.Fatalf("ValidationErrors_Parse: %v problems, want 1, from:\n%s", problems, message)
	}
	p := (*problems)[0]
	if *p.RuleId != "BrokersPerAzInvalid" || *p.Property != "brokersPerAz" || !strings.Contains(*p.Message, "Fix:") {
		t.Errorf("problem: rule %s property %s message %s", *p.RuleId, *p.Property, *p.Message)
	}
	if p.Path == nil || *p.Path != "MskQuickstart/Events" {
		t.Errorf("problem path %v, want MskQuickstart/Events", p.Path)
	}
	if got := msk.ValidationErrors_Parse(jsii.String("some other error")); len(*got) != 0 {
		t.Errorf("ValidationErrors_Parse of another message: %d problems", len(*got))
	}
}

// creationTraces returns the creation stack traces (metadata aws:cdk:creationStack) of c's node.
func creationTraces(c constructs.IConstruct) [][]string {
	var traces [][]string
	for _, entry := range *c.Node().Metadata() {
		if *entry.Type != "aws:cdk:creationStack" {
			continue
		}
		var frames []string
		if list, ok := entry.Data.([]interface{}); ok {
			for _, f := range list {
				frames = append(frames, fmt.Sprint(f))
			}
		}
		traces = append(traces, frames)
	}
	return traces
}

// goFrame matches a frame naming a Go source file (file.go:line).
var goFrame = regexp.MustCompile(`\.go:\d+`)

// TestCreationTracePointsToGoLine: the creation trace the library records on the resources of a
// ProvisionedCluster (src/validation/creation-trace.ts: the construct's trace, then hostFrames(), the host
// language's frames the jsii runtime publishes) names this file and the line of NewProvisionedCluster.
func TestCreationTracePointsToGoLine(t *testing.T) {
	app, stack, vpc := quickstartStack()
	_, _, line, _ := runtime.Caller(0)
	cluster := msk.NewProvisionedCluster(stack, jsii.String("Events"), &msk.ProvisionedClusterProps{Vpc: vpc}) // line+1
	line++
	app.Synth(nil) // the library adds the trace to the resources when the tree is validated

	traces := creationTraces(cluster.CfnCluster())
	if len(traces) == 0 {
		t.Fatal("the cluster's AWS::MSK::Cluster has no aws:cdk:creationStack metadata after synthesis")
	}
	want := fmt.Sprintf("smoke_test.go:%d", line)
	var goFrames []string
	for _, trace := range traces {
		for _, frame := range trace {
			if strings.Contains(frame, want) {
				return
			}
			if goFrame.MatchString(frame) {
				goFrames = append(goFrames, frame)
			}
		}
	}
	if len(goFrames) > 0 {
		t.Fatalf("the creation trace has Go frames but none at %s:\n%s", want, strings.Join(goFrames, "\n"))
	}
	// Skipped, not failed, while the Go runtime cannot give the frames: the test starts checking the line as
	// soon as a jsii-runtime-go that sends them is used.
	t.Skipf("the creation trace has no Go frame, only the jsii kernel's JavaScript frames (%s): "+
		"jsii-runtime-go (v1.142.0, and v1.143.0, the newest) sends no \"$jsii.stacktrace\" with its kernel requests, "+
		"even with JSII_HOST_STACK_TRACES=%q, so the library's hostFrames() (Symbol.for('jsii.context.hostStackTrace')) "+
		"is empty under Go and the trace cannot name %s",
		strings.Join(traces[0], " | "), os.Getenv("JSII_HOST_STACK_TRACES"), want)
}
