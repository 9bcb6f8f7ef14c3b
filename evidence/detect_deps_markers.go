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

// markerDefs is filled by init from the per-language tables.
var markerDefs = map[depEco][]*markerDef{}

func init() {
	markerDefs[ecoGo] = append(goMarkers(), commonMarkers()...)
	markerDefs[ecoNPM] = append(jsMarkers(), commonMarkers()...)
	markerDefs[ecoPython] = append(pythonMarkers(), commonMarkers()...)
	markerDefs[ecoJava] = append(javaMarkers(), commonMarkers()...)
	markerDefs[ecoDotnet] = append(dotnetMarkers(), commonMarkers()...)
	markerDefs[ecoRuby] = append(rubyMarkers(), commonMarkers()...)
}

var re = regexp.MustCompile

// metricDef is a custom-metric marker: the instrument type in submatch
// typ (0: TypeText "metric") and the metric name in submatch name.
func metricDef(label string, need []string, pattern string, typ, name int) *markerDef {
	return &markerDef{Kind: "metric", Label: label, Need: need, Re: re(pattern), Type: typ, Name: name, TypeText: "metric"}
}

var (
	goStatsdModules = []string{"github.com/DataDog/datadog-go", "github.com/cactus/go-statsd-client", "github.com/smira/go-statsd",
		"gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd", "github.com/DataDog/datadog-go/v5/statsd"}
	jsStatsdPackages = []string{"hot-shots", "node-statsd", "statsd-client", "lynx", "node-dogstatsd", "datadog-metrics"}
)

func goMarkers() []*markerDef {
	prom := metricDef("Prometheus", []string{"github.com/prometheus/client_golang"},
		`\.New(Counter|Gauge|Histogram|Summary)(?:Vec|Func)?\(\s*(?:prometheus\.)?(?:Counter|Gauge|Histogram|Summary)Opts\s*\{`, 1, 0)
	prom.After = re(`\bName:\s*"([^"]+)"`)
	return []*markerDef{
		prom,
		metricDef("OpenTelemetry", []string{"go.opentelemetry.io/otel"},
			`\.(?:Int64|Float64)(Counter|UpDownCounter|Histogram|Gauge|ObservableCounter|ObservableUpDownCounter|ObservableGauge)\(\s*"([^"]+)"`, 1, 2),
		metricDef("VictoriaMetrics", []string{"github.com/VictoriaMetrics/metrics"},
			`\bmetrics\.(?:New|GetOrCreate)(?:Float)?(Counter|Gauge|Histogram|Summary)\(\s*"([^"{]+)`, 1, 2),
		metricDef("StatsD", goStatsdModules,
			`\.(Incr|Increment|Inc|Decr|Decrement|Gauge|Timing|Histogram|Distribution|Count|TimeInMilliseconds)\(\s*"([\w.:-]+)"`, 1, 2),
		metricDef("go-metrics", []string{"github.com/armon/go-metrics", "github.com/hashicorp/go-metrics"},
			`\bmetrics\.(IncrCounter|SetGauge|AddSample|MeasureSince)(?:WithLabels)?\(\s*\[\]string\{\s*"([^"]+)"`, 1, 2),
		{Kind: "slog-handler", Need: []string{"log/slog"}, Re: re(`\bslog\.New(JSON|Text)Handler\(`), Name: 1},
		{Kind: "otelhttp-client", Need: []string{"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"},
			Re: re(`\botelhttp\.(NewTransport|Get|Post|Head|PostForm|DefaultClient)\b`)},
		{Kind: "otelgrpc-client", Need: []string{"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"},
			Re: re(`\botelgrpc\.(NewClientHandler|UnaryClientInterceptor|StreamClientInterceptor)\(`)},
		{Kind: "otel-tracer", Need: []string{"go.opentelemetry.io/otel"}, Re: re(`\botel\.Tracer\(|\bTracerProvider\(\)\.Tracer\(`)},
		{Kind: "go-requestid-mw", Need: []string{"github.com/go-chi/chi/middleware", "github.com/go-chi/chi/v5/middleware",
			"github.com/labstack/echo/v4/middleware", "github.com/labstack/echo/middleware"}, Re: re(`\bmiddleware\.RequestID\b`)},
		{Kind: "sentry-tracing", Need: []string{"github.com/getsentry/sentry-go"}, Re: re(`\b(TracesSampleRate|EnableTracing|TracesSampler)\b`)},
		{Kind: "xray-client", Need: []string{"github.com/aws/aws-xray-sdk-go"},
			Re: re(`\b(?:xray\.(?:AWS|AWSSession|Client|RoundTripper|SQLContext)|awsv2\.AWSV2Instrumentor)\(`)},
		{Kind: "posthog-flags", Need: []string{"github.com/posthog/posthog-go"}, Re: re(`\.(IsFeatureEnabled|GetFeatureFlag|GetAllFlags|GetFeatureFlagPayload)\(`)},
	}
}

// Q matches a JavaScript string quote, template literals included.
const jsQ = "['\"\\x60]"

func jsMarkers() []*markerDef {
	prom := metricDef("Prometheus", []string{"prom-client"}, `\bnew\s+(?:[\w$]+\.)?(Counter|Gauge|Histogram|Summary)\s*(?:<[^>(]*>)?\s*\(\s*\{`, 1, 0)
	prom.After = re(`\bname\s*:\s*` + jsQ + `([^'"\x60]+)` + jsQ)
	return []*markerDef{
		prom,
		metricDef("OpenTelemetry", []string{"@opentelemetry/*"},
			`\.create(Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\s*\(\s*`+jsQ+`([^'"\x60]+)`+jsQ, 1, 2),
		metricDef("StatsD", jsStatsdPackages, `\.(increment|decrement|gauge|timing|histogram|distribution|incr|decr)\s*\(\s*`+jsQ+`([\w.:-]+)`+jsQ, 1, 2),
		metricDef("Powertools", []string{"@aws-lambda-powertools/metrics"}, `\.addMetric\s*\(\s*`+jsQ+`([^'"\x60]+)`+jsQ, 0, 1),
		metricDef("CloudWatch EMF", []string{"aws-embedded-metrics"}, `\.putMetric\s*\(\s*`+jsQ+`([^'"\x60]+)`+jsQ, 0, 1),
		{Kind: "sentry-tracing", Need: []string{"@sentry/*"}, Re: re(`\b(tracesSampleRate|tracesSampler|browserTracingIntegration|BrowserTracing|enableTracing)\b`)},
		{Kind: "terminus-checks", Need: []string{"@godaddy/terminus"}, Re: re(`\bhealthChecks\s*:`)},
		{Kind: "nest-health", Need: []string{"@nestjs/terminus"},
			Re: re(`\b(TypeOrm|Http|Mongoose|Sequelize|Prisma|MikroOrm|Microservice|GRPC|Redis)HealthIndicator\b|\.pingCheck\s*\(`)},
		{Kind: "otel-tracer", Need: []string{"@opentelemetry/api"}, Re: re(`\btrace\.getTracer\s*\(`)},
		{Kind: "posthog-flags", Need: []string{"posthog-js", "posthog-node"},
			Re: re(`\b(isFeatureEnabled|getFeatureFlag|useFeatureFlagEnabled|useFeatureFlagVariantKey|useFeatureFlagPayload|onFeatureFlags|getAllFlags)\b`)},
		{Kind: "gtag", Lits: []string{"gtag"}, Re: re(`\bgtag\s*\(\s*['"]config['"]|googletagmanager\.com/gtag/js`)},
		{Kind: "appconfig-flags", Need: []string{"@aws-sdk/client-appconfigdata"}, Re: re(`\bGetLatestConfigurationCommand\b`)},
		{Kind: "xray-client", Need: []string{"aws-xray-sdk*"}, Re: re(`\bcapture(AWSv3Client|AWSClient|AWS|HTTPsGlobal|HTTPs|PostgresQuery|MySQL)\s*\(`)},
	}
}

func pythonMarkers() []*markerDef {
	return []*markerDef{
		metricDef("Prometheus", []string{"prometheus_client"},
			`\b(Counter|Gauge|Histogram|Summary|Info|Enum)\(\s*(?:name\s*=\s*)?['"]([a-zA-Z_:][\w:]*)['"]\s*,`, 1, 2),
		metricDef("OpenTelemetry", []string{"opentelemetry"},
			`\.create_(counter|up_down_counter|histogram|gauge|observable_gauge|observable_counter|observable_up_down_counter)\(\s*(?:name\s*=\s*)?['"]([^'"]+)['"]`, 1, 2),
		metricDef("StatsD", []string{"statsd", "datadog"},
			`\.(incr|increment|decr|decrement|gauge|timing|histogram|distribution)\(\s*(?:metric\s*=\s*|stat\s*=\s*)?['"]([\w.:-]+)['"]`, 1, 2),
		metricDef("Powertools", []string{"aws_lambda_powertools"}, `\.add_metric\(\s*(?:name\s*=\s*)?['"]([^'"]+)['"]`, 0, 1),
		metricDef("CloudWatch EMF", []string{"aws_embedded_metrics"}, `\.put_metric\(\s*(?:key\s*=\s*)?['"]([^'"]+)['"]`, 0, 1),
		{Kind: "sentry-tracing", Need: []string{"sentry_sdk"}, Re: re(`\b(traces_sample_rate|traces_sampler|enable_tracing)\b`)},
		{Kind: "django-prometheus-app", Lits: []string{"django_prometheus"}, Re: re(`['"]django_prometheus(?:\.middleware\.\w+)?['"]`)},
		{Kind: "django-health-check", Lits: []string{"health_check."}, Re: re(`['"]health_check\.(db|cache|storage|contrib\.\w+)['"]`), Name: 1},
		{Kind: "json-logger-config", Lits: []string{"pythonjsonlogger"}, Re: re(`pythonjsonlogger`)},
		{Kind: "py-patch", Need: []string{"ddtrace", "aws_xray_sdk"}, Re: re(`\b(patch_all|patch)\s*\(`)},
		{Kind: "posthog-flags", Need: []string{"posthog"}, Re: re(`\b(feature_enabled|get_feature_flag|get_all_flags|get_feature_flag_payload)\s*\(`)},
		{Kind: "appconfig-flags", Need: []string{"boto3"}, Re: re(`['"]appconfigdata['"]`)},
		{Kind: "py-django-requestid", Lits: []string{"django_guid", "log_request_id"}, Re: re(`['"](django_guid|log_request_id)\.middleware\.\w+['"]`)},
	}
}

func javaMarkers() []*markerDef {
	return []*markerDef{
		metricDef("Micrometer", []string{"io.micrometer"},
			`\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer)\s*\.\s*builder\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef("Micrometer", []string{"io.micrometer"}, `\.(counter|timer|gauge|summary)\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef("Micrometer", []string{"io.micrometer"}, `@(Timed|Counted)\s*\(\s*(?:value\s*=\s*)?"([^"]+)"`, 1, 2),
		metricDef("Prometheus", []string{"io.prometheus"},
			`\b(Counter|Gauge|Histogram|Summary)\s*\.\s*build(?:er)?\s*\(\s*\)\s*\.\s*name\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef("Prometheus", []string{"io.prometheus"}, `\b(Counter|Gauge|Histogram|Summary)\s*\.\s*build\s*\(\s*"([^"]+)"\s*,`, 1, 2),
		metricDef("OpenTelemetry", []string{"io.opentelemetry"},
			`\.(counterBuilder|upDownCounterBuilder|histogramBuilder|gaugeBuilder)\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef("Dropwizard Metrics", []string{"com.codahale.metrics", "io.dropwizard.metrics5"}, `\.(counter|meter|timer|histogram)\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef("StatsD", []string{"com.timgroup.statsd"},
			`\.(incrementCounter|increment|decrementCounter|count|gauge|recordGaugeValue|recordExecutionTime|time|histogram|distribution)\s*\(\s*"([\w.:-]+)"`, 1, 2),
		metricDef("CloudWatch EMF", []string{"software.amazon.cloudwatchlogs.emf", "software.amazon.lambda.powertools.metrics"},
			`\.putMetric\s*\(\s*"([^"]+)"`, 0, 1),
		{Kind: "health-indicator", Need: []string{"org.springframework.boot.actuate.health"}, Name: 1, Refine: refineHealthClass,
			Re: re(`\bclass\s+(\w+)[^{;]*?\b(?:implements|extends)\s+[^{;]*?\b(?:Abstract)?(?:Reactive)?HealthIndicator\b`)},
		{Kind: "mdc-correlation", Lits: []string{"mdc.put"}, Re: re(`\bMDC\.put\s*\(\s*"(?i:correlation[-_.]?id|request[-_.]?id|trace[-_.]?id|x-request-id|x-correlation-id)"`)},
		{Kind: "sentry-tracing", Need: []string{"io.sentry"}, Re: re(`\b(setTracesSampleRate|tracesSampleRate|setEnableTracing)\b`)},
	}
}

func dotnetMarkers() []*markerDef {
	return []*markerDef{
		metricDef("Prometheus", []string{"Prometheus"}, `\.Create(Counter|Gauge|Histogram|Summary)\s*\(\s*"([^"]+)"`, 1, 2),
		metricDef(".NET Meter", []string{"System.Diagnostics.Metrics"},
			`\.Create(Counter|Histogram|UpDownCounter|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\s*<\s*\w+\s*>\s*\(\s*(?:name\s*:\s*)?"([^"]+)"`, 1, 2),
		metricDef("App.Metrics", []string{"App.Metrics"}, `new\s+(Counter|Gauge|Histogram|Meter|Timer|Apdex)Options\s*\{[^}]*?\bName\s*=\s*"([^"]+)"`, 1, 2),
		metricDef("StatsD", []string{"StatsdClient", "JustEat.StatsD"}, `\.(Increment|Decrement|Gauge|Timer|Histogram|Distribution|Counter)\s*\(\s*"([\w.:-]+)"`, 1, 2),
		metricDef("Powertools", []string{"AWS.Lambda.Powertools.Metrics"}, `\.AddMetric\s*\(\s*(?:key\s*:\s*)?"([^"]+)"`, 0, 1),
		{Kind: "aspnet-healthchecks", Lits: []string{"addhealthchecks"}, Name: 1,
			Re: re(`\.Add(NpgSql|SqlServer|MySql|Redis|MongoDb|RabbitMQ|Kafka|UrlGroup|DbContextCheck|Elasticsearch|Oracle|Sqlite|DynamoDb|S3|Sqs|Sns|AzureServiceBusQueue|AzureServiceBusTopic|AzureBlobStorage|AzureQueueStorage|AzureTableStorage|CosmosDb|AzureCosmosDB|Hangfire|Nats|Consul|SignalRHub|Uris)\s*[<(]`)},
		{Kind: "health-indicator", Lits: []string{"ihealthcheck"}, Name: 1, Refine: refineHealthClass,
			Re: re(`\bclass\s+(\w+)\s*(?:<[^>]*>)?\s*:[^{]*\bIHealthCheck\b`)},
		{Kind: "otel-dotnet-client", Lits: []string{"instrumentation"}, Name: 1,
			Re: re(`\.Add(HttpClient|SqlClient|EntityFrameworkCore|GrpcClient|Redis|AWS|ElasticsearchClient|MySqlData|Wcf)Instrumentation\s*\(`)},
		{Kind: "otel-dotnet-tracing", Lits: []string{"tracing", "tracerprovider"}, Re: re(`\.WithTracing\s*\(|\bCreateTracerProviderBuilder\s*\(|\.AddOpenTelemetryTracing\s*\(`)},
		{Kind: "otel-dotnet-setup", Lits: []string{"opentelemetry", "providerbuilder"}, Re: re(`\.AddOpenTelemetry\s*\(|\bSdk\.Create(?:Tracer|Meter)ProviderBuilder\s*\(`)},
		{Kind: "appinsights", Lits: []string{"applicationinsights"}, Re: re(`\bAddApplicationInsightsTelemetry(?:WorkerService)?\s*\(`)},
		{Kind: "sentry-tracing", Need: []string{"Sentry"}, Re: re(`\b(TracesSampleRate|EnableTracing|TracesSampler)\b`)},
		{Kind: "ms-featuremanagement", Lits: []string{"featuremanage", "featuregate"}, Re: re(`\bAddFeatureManagement\s*\(|\bIFeatureManager(?:Snapshot)?\b|\[FeatureGate\(`)},
		{Kind: "xray-client", Lits: []string{"xray"}, Re: re(`\bRegisterXRayForAllServices\s*\(|\bRegisterXRay\s*<|\bHttpClientXRayTracingHandler\b`)},
	}
}

func rubyMarkers() []*markerDef {
	prometheus := []string{"Prometheus::Client", "prometheus/client"}
	return []*markerDef{
		metricDef("Prometheus", prometheus, `\.(counter|gauge|histogram|summary)\s*\(\s*:(\w+)`, 1, 2),
		metricDef("Prometheus", prometheus, `Prometheus::Client::(Counter|Gauge|Histogram|Summary)\.new\s*\(\s*:(\w+)`, 1, 2),
		metricDef("Yabeda", []string{"Yabeda", "yabeda"}, `(?m)^\s*(counter|gauge|histogram|summary)\s+:(\w+)`, 1, 2),
		metricDef("StatsD", []string{"StatsD", "statsd/instrument"}, `\bStatsD\.(increment|measure|gauge|histogram|distribution|set)\s*\(\s*['"]([\w.:-]+)['"]`, 1, 2),
		metricDef("DogStatsD", []string{"Datadog::Statsd", "datadog/statsd"}, `\.(increment|gauge|histogram|distribution|timing|count)\s*\(\s*['"]([\w.:-]+)['"]`, 1, 2),
		{Kind: "lograge-enabled", Lits: []string{"lograge"}, Re: re(`\blograge\.enabled\s*=\s*true\b`)},
		{Kind: "rails-request-id-tags", Lits: []string{"request_id"}, Re: re(`\blog_tags\s*=\s*\[[^\]]*:request_id`)},
		{Kind: "sentry-tracing", Need: []string{"Sentry", "sentry-ruby", "sentry-rails"}, Re: re(`\b(traces_sample_rate|traces_sampler|enable_tracing)\b`)},
		{Kind: "otel-rb-use", Need: []string{"OpenTelemetry::SDK", "opentelemetry/sdk"}, Re: re(`\.use_all\b|\.use\s*\(?\s*['"]OpenTelemetry::Instrumentation::`)},
		{Kind: "rb-dd-instrument", Need: []string{"Datadog", "ddtrace", "datadog"},
			Re: re(`\.instrument\s*\(?\s*:(pg|redis|http|faraday|net_http|active_record|mysql2|aws|excon|mongo|rest_client|httpclient|httprb|sequel|dalli|elasticsearch|grpc|ethon)\b`), Name: 1},
	}
}

// commonMarkers hold for every language: request/correlation ID headers
// and audit logging of user actions.
func commonMarkers() []*markerDef {
	return []*markerDef{
		{Kind: "correlation-header", Lits: []string{"request-id", "correlation-id", "trace-id", "traceparent"}, Name: 1,
			Re: re(`(?i)["'\x60](x-request-id|x-correlation-id|x-amzn-trace-id|traceparent|x-b3-traceid|x-trace-id|request-id|correlation-id)["'\x60]`)},
		{Kind: "audit", Lits: []string{"audit"}, Refine: refineAudit,
			Re: re(`(?i)\b(audit[_-]?log(?:ger)?|audit[_-]?event|audit[_-]?trail|log[_-]?audit|audit\.(?:info|log|warn|record|emit|event|write)|getlogger\(\s*["'][\w.]*audit[\w.]*["']\s*\))|["']audit["']`)},
	}
}

var (
	auditIdentityRe   = re(`(?i)\b(user[_-]?id|userid|actor|principal|username|user[_-]?email|performed[_-]?by|user\.id|user\.email|current[_-]?user)\b`)
	auditStructuredRe = re(`(?i)["'](user[_-]?id|userid|actor|principal|username|user[_-]?email)["']\s*[:,=]|\b(user_id|actor|principal|username)=[^=]|` +
		`[{,]\s*(user[_-]?id|actor[_-]?id|actor|principal|username)\s*:`)
	healthDepNameRe = re(`(?i)(db|database|sql|postgres|mysql|mongo|redis|kafka|rabbit|queue|cache|http|api|service|dependenc|storage|s3|dynamo|elastic|broker|downstream|upstream|external|client|ldap|smtp|mail|sqs|sns|cosmos|blob|gateway|provider|remote|backend|partner|vendor|search|index)`)
)

// refineAudit keeps an audit marker only when a user identity is logged
// with it (within a few lines), and calls it structured when that identity
// is a named field rather than words in a message.
func refineAudit(src *srcText, _ []int, line int) string {
	var window strings.Builder
	for l := max(1, line-3); l <= line+5; l++ {
		if s := src.line(l); !commentLine(s) {
			window.WriteString(s)
			window.WriteByte('\n')
		}
	}
	w := window.String()
	switch {
	case auditStructuredRe.MatchString(w):
		return "audit-structured"
	case auditIdentityRe.MatchString(w):
		return "audit"
	}
	return ""
}

// refineHealthClass tells a health check named after a dependency (a
// database, a queue, a downstream API) from other custom checks.
func refineHealthClass(src *srcText, m []int, _ int) string {
	if len(m) >= 4 && m[2] >= 0 && healthDepNameRe.Match(src.data[m[2]:m[3]]) {
		return "health-indicator-dep"
	}
	return "health-indicator"
}
