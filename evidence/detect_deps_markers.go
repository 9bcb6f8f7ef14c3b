package evidence

import (
	"regexp"
	"strings"
)

// Marker definitions per language: custom metric definitions (kind
// "metric"), and the calls that show a library is configured for a purpose
// (a JSON slog handler, a client-side HTTP transport, Sentry tracing...).
// Library-specific markers only run on files importing that library, so a
// method name shared with unrelated code does not count.

// depsMarkerDefs is filled by init from the per-language tables.
var depsMarkerDefs = map[depEco][]*depsMarkerDef{}

func init() {
	depsMarkerDefs[depsEcoGo] = append(depsGoMarkers(), depsCommonMarkers()...)
	depsMarkerDefs[depsEcoNPM] = append(depsJsMarkers(), depsCommonMarkers()...)
	depsMarkerDefs[depsEcoPython] = append(depsPythonMarkers(), depsCommonMarkers()...)
	depsMarkerDefs[depsEcoJava] = append(depsJavaMarkers(), depsCommonMarkers()...)
	depsMarkerDefs[depsEcoDotnet] = append(depsDotnetMarkers(), depsCommonMarkers()...)
	depsMarkerDefs[depsEcoRuby] = append(depsRubyMarkers(), depsCommonMarkers()...)
}

var depsRe = regexp.MustCompile

// depsMetricDef is a custom-metric marker: the instrument type in submatch
// typ (0: TypeText "metric") and the metric name in submatch name.
func depsMetricDef(label string, need []string, pattern string, typ, name int) *depsMarkerDef {
	return &depsMarkerDef{Kind: "metric", Label: label, Need: need, Re: depsRe(pattern), Type: typ, Name: name, TypeText: "metric"}
}

var (
	depsGoStatsdModules = []string{"github.com/DataDog/datadog-go", "github.com/cactus/go-statsd-client", "github.com/smira/go-statsd",
		"gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd", "github.com/DataDog/datadog-go/v5/statsd"}
	depsJsStatsdPackages = []string{"hot-shots", "node-statsd", "statsd-client", "lynx", "node-dogstatsd", "datadog-metrics"}
)

func depsGoMarkers() []*depsMarkerDef {
	prom := depsMetricDef("Prometheus", []string{"github.com/prometheus/client_golang"},
		`\.New(Counter|Gauge|Histogram|Summary)(?:Vec|Func)?\(\s*(?:prometheus\.)?(?:Counter|Gauge|Histogram|Summary)Opts\s*\{`, 1, 0)
	prom.After = depsRe(`\bName:\s*"([^"]+)"`)
	return []*depsMarkerDef{
		prom,
		depsMetricDef("OpenTelemetry", []string{"go.opentelemetry.io/otel"},
			`\.(?:Int64|Float64)(Counter|UpDownCounter|Histogram|Gauge|ObservableCounter|ObservableUpDownCounter|ObservableGauge)\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("VictoriaMetrics", []string{"github.com/VictoriaMetrics/metrics"},
			`\bmetrics\.(?:New|GetOrCreate)(?:Float)?(Counter|Gauge|Histogram|Summary)\(\s*"([^"{]+)`, 1, 2),
		depsMetricDef("StatsD", depsGoStatsdModules,
			`\.(Incr|Increment|Inc|Decr|Decrement|Gauge|Timing|Histogram|Distribution|Count|TimeInMilliseconds)\(\s*"([\w.:-]+)"`, 1, 2),
		depsMetricDef("go-metrics", []string{"github.com/armon/go-metrics", "github.com/hashicorp/go-metrics"},
			`\bmetrics\.(IncrCounter|SetGauge|AddSample|MeasureSince)(?:WithLabels)?\(\s*\[\]string\{\s*"([^"]+)"`, 1, 2),
		{Kind: "slog-handler", Need: []string{"log/slog"}, Re: depsRe(`\bslog\.New(JSON|Text)Handler\(`), Name: 1},
		{Kind: "otelhttp-client", Need: []string{"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"},
			Re: depsRe(`\botelhttp\.(NewTransport|Get|Post|Head|PostForm|DefaultClient)\b`)},
		{Kind: "otelgrpc-client", Need: []string{"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"},
			Re: depsRe(`\botelgrpc\.(NewClientHandler|UnaryClientInterceptor|StreamClientInterceptor)\(`)},
		{Kind: "otel-tracer", Need: []string{"go.opentelemetry.io/otel"}, Re: depsRe(`\botel\.Tracer\(|\bTracerProvider\(\)\.Tracer\(`)},
		{Kind: "go-requestid-mw", Need: []string{"github.com/go-chi/chi/middleware", "github.com/go-chi/chi/v5/middleware",
			"github.com/labstack/echo/v4/middleware", "github.com/labstack/echo/middleware"}, Re: depsRe(`\bmiddleware\.RequestID\b`)},
		{Kind: "sentry-tracing", Need: []string{"github.com/getsentry/sentry-go"}, Re: depsRe(`\b(TracesSampleRate|EnableTracing|TracesSampler)\b`)},
		{Kind: "xray-client", Need: []string{"github.com/aws/aws-xray-sdk-go"},
			Re: depsRe(`\b(?:xray\.(?:AWS|AWSSession|Client|RoundTripper|SQLContext)|awsv2\.AWSV2Instrumentor)\(`)},
		{Kind: "posthog-flags", Need: []string{"github.com/posthog/posthog-go"}, Re: depsRe(`\.(IsFeatureEnabled|GetFeatureFlag|GetAllFlags|GetFeatureFlagPayload)\(`)},
	}
}

// Q matches a JavaScript string quote, template literals included.
const depsJsQ = "['\"\\x60]"

func depsJsMarkers() []*depsMarkerDef {
	prom := depsMetricDef("Prometheus", []string{"prom-client"}, `\bnew\s+(?:[\w$]+\.)?(Counter|Gauge|Histogram|Summary)\s*(?:<[^>(]*>)?\s*\(\s*\{`, 1, 0)
	prom.After = depsRe(`\bname\s*:\s*` + depsJsQ + `([^'"\x60]+)` + depsJsQ)
	return []*depsMarkerDef{
		prom,
		depsMetricDef("OpenTelemetry", []string{"@opentelemetry/*"},
			`\.create(Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\s*\(\s*`+depsJsQ+`([^'"\x60]+)`+depsJsQ, 1, 2),
		depsMetricDef("StatsD", depsJsStatsdPackages, `\.(increment|decrement|gauge|timing|histogram|distribution|incr|decr)\s*\(\s*`+depsJsQ+`([\w.:-]+)`+depsJsQ, 1, 2),
		depsMetricDef("Powertools", []string{"@aws-lambda-powertools/metrics"}, `\.addMetric\s*\(\s*`+depsJsQ+`([^'"\x60]+)`+depsJsQ, 0, 1),
		depsMetricDef("CloudWatch EMF", []string{"aws-embedded-metrics"}, `\.putMetric\s*\(\s*`+depsJsQ+`([^'"\x60]+)`+depsJsQ, 0, 1),
		{Kind: "sentry-tracing", Need: []string{"@sentry/*"}, Re: depsRe(`\b(tracesSampleRate|tracesSampler|browserTracingIntegration|BrowserTracing|enableTracing)\b`)},
		{Kind: "terminus-checks", Need: []string{"@godaddy/terminus"}, Re: depsRe(`\bhealthChecks\s*:`)},
		{Kind: "nest-health", Need: []string{"@nestjs/terminus"},
			Re: depsRe(`\b(TypeOrm|Http|Mongoose|Sequelize|Prisma|MikroOrm|Microservice|GRPC|Redis)HealthIndicator\b|\.pingCheck\s*\(`)},
		{Kind: "otel-tracer", Need: []string{"@opentelemetry/api"}, Re: depsRe(`\btrace\.getTracer\s*\(`)},
		{Kind: "posthog-flags", Need: []string{"posthog-js", "posthog-node"},
			Re: depsRe(`\b(isFeatureEnabled|getFeatureFlag|useFeatureFlagEnabled|useFeatureFlagVariantKey|useFeatureFlagPayload|onFeatureFlags|getAllFlags)\b`)},
		{Kind: "gtag", Lits: []string{"gtag"}, Re: depsRe(`\bgtag\s*\(\s*['"]config['"]|googletagmanager\.com/gtag/js`)},
		{Kind: "appconfig-flags", Need: []string{"@aws-sdk/client-appconfigdata"}, Re: depsRe(`\bGetLatestConfigurationCommand\b`)},
		{Kind: "xray-client", Need: []string{"aws-xray-sdk*"}, Re: depsRe(`\bcapture(AWSv3Client|AWSClient|AWS|HTTPsGlobal|HTTPs|PostgresQuery|MySQL)\s*\(`)},
	}
}

func depsPythonMarkers() []*depsMarkerDef {
	return []*depsMarkerDef{
		depsMetricDef("Prometheus", []string{"prometheus_client"},
			`\b(Counter|Gauge|Histogram|Summary|Info|Enum)\(\s*(?:name\s*=\s*)?['"]([a-zA-Z_:][\w:]*)['"]\s*,`, 1, 2),
		depsMetricDef("OpenTelemetry", []string{"opentelemetry"},
			`\.create_(counter|up_down_counter|histogram|gauge|observable_gauge|observable_counter|observable_up_down_counter)\(\s*(?:name\s*=\s*)?['"]([^'"]+)['"]`, 1, 2),
		depsMetricDef("StatsD", []string{"statsd", "datadog"},
			`\.(incr|increment|decr|decrement|gauge|timing|histogram|distribution)\(\s*(?:metric\s*=\s*|stat\s*=\s*)?['"]([\w.:-]+)['"]`, 1, 2),
		depsMetricDef("Powertools", []string{"aws_lambda_powertools"}, `\.add_metric\(\s*(?:name\s*=\s*)?['"]([^'"]+)['"]`, 0, 1),
		depsMetricDef("CloudWatch EMF", []string{"aws_embedded_metrics"}, `\.put_metric\(\s*(?:key\s*=\s*)?['"]([^'"]+)['"]`, 0, 1),
		{Kind: "sentry-tracing", Need: []string{"sentry_sdk"}, Re: depsRe(`\b(traces_sample_rate|traces_sampler|enable_tracing)\b`)},
		{Kind: "django-prometheus-app", Lits: []string{"django_prometheus"}, Re: depsRe(`['"]django_prometheus(?:\.middleware\.\w+)?['"]`)},
		{Kind: "django-health-check", Lits: []string{"health_check."}, Re: depsRe(`['"]health_check\.(db|cache|storage|contrib\.\w+)['"]`), Name: 1},
		{Kind: "json-logger-config", Lits: []string{"pythonjsonlogger"}, Re: depsRe(`pythonjsonlogger`)},
		{Kind: "py-patch", Need: []string{"ddtrace", "aws_xray_sdk"}, Re: depsRe(`\b(patch_all|patch)\s*\(`)},
		{Kind: "posthog-flags", Need: []string{"posthog"}, Re: depsRe(`\b(feature_enabled|get_feature_flag|get_all_flags|get_feature_flag_payload)\s*\(`)},
		{Kind: "appconfig-flags", Need: []string{"boto3"}, Re: depsRe(`['"]appconfigdata['"]`)},
		{Kind: "py-django-requestid", Lits: []string{"django_guid", "log_request_id"}, Re: depsRe(`['"](django_guid|log_request_id)\.middleware\.\w+['"]`)},
	}
}

func depsJavaMarkers() []*depsMarkerDef {
	return []*depsMarkerDef{
		depsMetricDef("Micrometer", []string{"io.micrometer"},
			`\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer)\s*\.\s*builder\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("Micrometer", []string{"io.micrometer"}, `\.(counter|timer|gauge|summary)\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("Micrometer", []string{"io.micrometer"}, `@(Timed|Counted)\s*\(\s*(?:value\s*=\s*)?"([^"]+)"`, 1, 2),
		depsMetricDef("Prometheus", []string{"io.prometheus"},
			`\b(Counter|Gauge|Histogram|Summary)\s*\.\s*build(?:er)?\s*\(\s*\)\s*\.\s*name\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("Prometheus", []string{"io.prometheus"}, `\b(Counter|Gauge|Histogram|Summary)\s*\.\s*build\s*\(\s*"([^"]+)"\s*,`, 1, 2),
		depsMetricDef("OpenTelemetry", []string{"io.opentelemetry"},
			`\.(counterBuilder|upDownCounterBuilder|histogramBuilder|gaugeBuilder)\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("Dropwizard Metrics", []string{"com.codahale.metrics", "io.dropwizard.metrics5"}, `\.(counter|meter|timer|histogram)\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef("StatsD", []string{"com.timgroup.statsd"},
			`\.(incrementCounter|increment|decrementCounter|count|gauge|recordGaugeValue|recordExecutionTime|time|histogram|distribution)\s*\(\s*"([\w.:-]+)"`, 1, 2),
		depsMetricDef("CloudWatch EMF", []string{"software.amazon.cloudwatchlogs.emf", "software.amazon.lambda.powertools.metrics"},
			`\.putMetric\s*\(\s*"([^"]+)"`, 0, 1),
		{Kind: "health-indicator", Need: []string{"org.springframework.boot.actuate.health"}, Name: 1, Refine: depsRefineHealthClass,
			Re: depsRe(`\bclass\s+(\w+)[^{;]*?\b(?:implements|extends)\s+[^{;]*?\b(?:Abstract)?(?:Reactive)?HealthIndicator\b`)},
		{Kind: "mdc-correlation", Lits: []string{"mdc.put"}, Re: depsRe(`\bMDC\.put\s*\(\s*"(?i:correlation[-_.]?id|request[-_.]?id|trace[-_.]?id|x-request-id|x-correlation-id)"`)},
		{Kind: "sentry-tracing", Need: []string{"io.sentry"}, Re: depsRe(`\b(setTracesSampleRate|tracesSampleRate|setEnableTracing)\b`)},
	}
}

func depsDotnetMarkers() []*depsMarkerDef {
	return []*depsMarkerDef{
		depsMetricDef("Prometheus", []string{"Prometheus"}, `\.Create(Counter|Gauge|Histogram|Summary)\s*\(\s*"([^"]+)"`, 1, 2),
		depsMetricDef(".NET Meter", []string{"System.Diagnostics.Metrics"},
			`\.Create(Counter|Histogram|UpDownCounter|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\s*<\s*\w+\s*>\s*\(\s*(?:name\s*:\s*)?"([^"]+)"`, 1, 2),
		depsMetricDef("App.Metrics", []string{"App.Metrics"}, `new\s+(Counter|Gauge|Histogram|Meter|Timer|Apdex)Options\s*\{[^}]*?\bName\s*=\s*"([^"]+)"`, 1, 2),
		depsMetricDef("StatsD", []string{"StatsdClient", "JustEat.StatsD"}, `\.(Increment|Decrement|Gauge|Timer|Histogram|Distribution|Counter)\s*\(\s*"([\w.:-]+)"`, 1, 2),
		depsMetricDef("Powertools", []string{"AWS.Lambda.Powertools.Metrics"}, `\.AddMetric\s*\(\s*(?:key\s*:\s*)?"([^"]+)"`, 0, 1),
		{Kind: "aspnet-healthchecks", Lits: []string{"addhealthchecks"}, Name: 1,
			Re: depsRe(`\.Add(NpgSql|SqlServer|MySql|Redis|MongoDb|RabbitMQ|Kafka|UrlGroup|DbContextCheck|Elasticsearch|Oracle|Sqlite|DynamoDb|S3|Sqs|Sns|AzureServiceBusQueue|AzureServiceBusTopic|AzureBlobStorage|AzureQueueStorage|AzureTableStorage|CosmosDb|AzureCosmosDB|Hangfire|Nats|Consul|SignalRHub|Uris)\s*[<(]`)},
		{Kind: "health-indicator", Lits: []string{"ihealthcheck"}, Name: 1, Refine: depsRefineHealthClass,
			Re: depsRe(`\bclass\s+(\w+)\s*(?:<[^>]*>)?\s*:[^{]*\bIHealthCheck\b`)},
		{Kind: "otel-dotnet-client", Lits: []string{"instrumentation"}, Name: 1,
			Re: depsRe(`\.Add(HttpClient|SqlClient|EntityFrameworkCore|GrpcClient|Redis|AWS|ElasticsearchClient|MySqlData|Wcf)Instrumentation\s*\(`)},
		{Kind: "otel-dotnet-tracing", Lits: []string{"tracing", "tracerprovider"}, Re: depsRe(`\.WithTracing\s*\(|\bCreateTracerProviderBuilder\s*\(|\.AddOpenTelemetryTracing\s*\(`)},
		{Kind: "otel-dotnet-setup", Lits: []string{"opentelemetry", "providerbuilder"}, Re: depsRe(`\.AddOpenTelemetry\s*\(|\bSdk\.Create(?:Tracer|Meter)ProviderBuilder\s*\(`)},
		{Kind: "appinsights", Lits: []string{"applicationinsights"}, Re: depsRe(`\bAddApplicationInsightsTelemetry(?:WorkerService)?\s*\(`)},
		{Kind: "sentry-tracing", Need: []string{"Sentry"}, Re: depsRe(`\b(TracesSampleRate|EnableTracing|TracesSampler)\b`)},
		{Kind: "ms-featuremanagement", Lits: []string{"featuremanage", "featuregate"}, Re: depsRe(`\bAddFeatureManagement\s*\(|\bIFeatureManager(?:Snapshot)?\b|\[FeatureGate\(`)},
		{Kind: "xray-client", Lits: []string{"xray"}, Re: depsRe(`\bRegisterXRayForAllServices\s*\(|\bRegisterXRay\s*<|\bHttpClientXRayTracingHandler\b`)},
	}
}

func depsRubyMarkers() []*depsMarkerDef {
	prometheus := []string{"Prometheus::Client", "prometheus/client"}
	return []*depsMarkerDef{
		depsMetricDef("Prometheus", prometheus, `\.(counter|gauge|histogram|summary)\s*\(\s*:(\w+)`, 1, 2),
		depsMetricDef("Prometheus", prometheus, `Prometheus::Client::(Counter|Gauge|Histogram|Summary)\.new\s*\(\s*:(\w+)`, 1, 2),
		depsMetricDef("Yabeda", []string{"Yabeda", "yabeda"}, `(?m)^\s*(counter|gauge|histogram|summary)\s+:(\w+)`, 1, 2),
		depsMetricDef("StatsD", []string{"StatsD", "statsd/instrument"}, `\bStatsD\.(increment|measure|gauge|histogram|distribution|set)\s*\(\s*['"]([\w.:-]+)['"]`, 1, 2),
		depsMetricDef("DogStatsD", []string{"Datadog::Statsd", "datadog/statsd"}, `\.(increment|gauge|histogram|distribution|timing|count)\s*\(\s*['"]([\w.:-]+)['"]`, 1, 2),
		{Kind: "lograge-enabled", Lits: []string{"lograge"}, Re: depsRe(`\blograge\.enabled\s*=\s*true\b`)},
		{Kind: "rails-request-id-tags", Lits: []string{"request_id"}, Re: depsRe(`\blog_tags\s*=\s*\[[^\]]*:request_id`)},
		{Kind: "sentry-tracing", Need: []string{"Sentry", "sentry-ruby", "sentry-rails"}, Re: depsRe(`\b(traces_sample_rate|traces_sampler|enable_tracing)\b`)},
		{Kind: "otel-rb-use", Need: []string{"OpenTelemetry::SDK", "opentelemetry/sdk"}, Re: depsRe(`\.use_all\b|\.use\s*\(?\s*['"]OpenTelemetry::Instrumentation::`)},
		{Kind: "rb-dd-instrument", Need: []string{"Datadog", "ddtrace", "datadog"},
			Re: depsRe(`\.instrument\s*\(?\s*:(pg|redis|http|faraday|net_http|active_record|mysql2|aws|excon|mongo|rest_client|httpclient|httprb|sequel|dalli|elasticsearch|grpc|ethon)\b`), Name: 1},
	}
}

// depsCommonMarkers hold for every language: request/correlation ID headers
// and audit logging of user actions.
func depsCommonMarkers() []*depsMarkerDef {
	return []*depsMarkerDef{
		{Kind: "correlation-header", Lits: []string{"request-id", "correlation-id", "trace-id", "traceparent"}, Name: 1,
			Re: depsRe(`(?i)["'\x60](x-request-id|x-correlation-id|x-amzn-trace-id|traceparent|x-b3-traceid|x-trace-id|request-id|correlation-id)["'\x60]`)},
		{Kind: "audit", Lits: []string{"audit"}, Refine: depsRefineAudit,
			Re: depsRe(`(?i)\b(audit[_-]?log(?:ger)?|audit[_-]?event|audit[_-]?trail|log[_-]?audit|audit\.(?:info|log|warn|record|emit|event|write)|getlogger\(\s*["'][\w.]*audit[\w.]*["']\s*\))|["']audit["']`)},
	}
}

var (
	depsAuditIdentityRe   = depsRe(`(?i)\b(user[_-]?id|userid|actor|principal|username|user[_-]?email|performed[_-]?by|user\.id|user\.email|current[_-]?user)\b`)
	depsAuditStructuredRe = depsRe(`(?i)["'](user[_-]?id|userid|actor|principal|username|user[_-]?email)["']\s*[:,=]|\b(user_id|actor|principal|username)=[^=]|` +
		`[{,]\s*(user[_-]?id|actor[_-]?id|actor|principal|username)\s*:`)
	depsHealthDepNameRe = depsRe(`(?i)(db|database|sql|postgres|mysql|mongo|redis|kafka|rabbit|queue|cache|http|api|service|dependenc|storage|s3|dynamo|elastic|broker|downstream|upstream|external|client|ldap|smtp|mail|sqs|sns|cosmos|blob|gateway|provider|remote|backend|partner|vendor|search|index)`)
)

// depsRefineAudit keeps an audit marker only when a user identity is logged
// with it (within a few lines), and calls it structured when that identity
// is a named field rather than words in a message.
func depsRefineAudit(src *depsSrcText, _ []int, line int) string {
	var window strings.Builder
	for l := max(1, line-3); l <= line+5; l++ {
		if s := src.line(l); !depsCommentLine(s) {
			window.WriteString(s)
			window.WriteByte('\n')
		}
	}
	w := window.String()
	switch {
	case depsAuditStructuredRe.MatchString(w):
		return "audit-structured"
	case depsAuditIdentityRe.MatchString(w):
		return "audit"
	}
	return ""
}

// depsRefineHealthClass tells a health check named after a dependency (a
// database, a queue, a downstream API) from other custom checks.
func depsRefineHealthClass(src *depsSrcText, m []int, _ int) string {
	if len(m) >= 4 && m[2] >= 0 && depsHealthDepNameRe.Match(src.data[m[2]:m[3]]) {
		return "health-indicator-dep"
	}
	return "health-indicator"
}
