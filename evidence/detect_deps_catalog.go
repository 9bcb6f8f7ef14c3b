package evidence

// The catalog: libraries (and a few standard-library or code-only
// constructs) that show a practice, per ecosystem, with how they are
// declared, how code uses them, and which practices their use shows.

// depRole is a practice a library's use shows, and how strongly.
type depRole struct {
	Practice   string
	Confidence Confidence
}

var (
	depsRoleTelemetry    = depRole{"OPS04-BP01", Strong}
	depsRoleUser         = depRole{"OPS04-BP03", Strong}
	depsRoleUserPartial  = depRole{"OPS04-BP03", Partial}
	depsRoleDep          = depRole{"OPS04-BP04", Strong}
	depsRoleDepPartial   = depRole{"OPS04-BP04", Partial}
	depsRoleTrace        = depRole{"OPS04-BP05", Strong}
	depsRoleTracePartial = depRole{"OPS04-BP05", Partial}
	depsRoleFlags        = depRole{"OPS03-BP05", Strong}
	depsRoleFlagsPartial = depRole{"OPS03-BP05", Partial}
)

// depLib is one catalog entry. It is used when (a) it needs no declaration
// or a shipped declaration matches Decl, and (b) a non-test source file
// imports one of Use (and carries Marker when set), or a file without Use
// carries Marker, or a launcher/config file shows it, or Auto applies.
type depLib struct {
	ID    string
	Eco   depEco
	Title string   // an appositive naming the library: "the zap structured logger"
	Decl  []string // declared names (patterns of depNameMatch); nil: needs no declaration
	Use   []string // imports (patterns of depUseMatch)
	// Marker is a marker kind the importing file (or, without Use, any
	// file of the language) must carry.
	Marker string
	// Launch and Config are kinds of launcher lines (Dockerfile, Procfile,
	// npm scripts) and configuration files that also confirm use.
	Launch, Config string
	// Auto: a runtime declaration is use by itself when any of these is
	// declared too ("*": always) — Spring Boot starters configure themselves.
	Auto []string
	// Says completes "Non-test code ..." (or "The declaration ...") for
	// proofs that are not a plain import.
	Says  string
	Roles []depRole
	// Primary entries report a runtime declaration that nothing uses as
	// partial for their roles (intent). Other entries sharing the same
	// declaration stay silent, so one unused library yields one finding.
	Primary bool
}

func depsEntry(id string, eco depEco, title string, decl, use []string, roles ...depRole) depLib {
	return depLib{ID: id, Eco: eco, Title: title, Decl: decl, Use: use, Roles: roles}
}

func (l depLib) marker(kind, says string) depLib {
	l.Marker, l.Says = kind, says
	return l
}

func (l depLib) launch(kind string) depLib {
	l.Launch = kind
	return l
}

func (l depLib) config(kind string) depLib {
	l.Config = kind
	return l
}

func (l depLib) auto(with ...string) depLib {
	l.Auto = with
	return l
}

func (l depLib) says(s string) depLib {
	l.Says = s
	return l
}

func (l depLib) primary() depLib {
	l.Primary = true
	return l
}

// depsNames is shorthand for a list of patterns.
func depsNames(s ...string) []string { return s }

// depCatalog is every entry, per ecosystem, in the order proofs are given.
var depCatalog = func() []depLib {
	var all []depLib
	for _, part := range [][]depLib{depsGoCatalog(), depsNpmCatalog(), depsPythonCatalog(), depsJavaCatalog(), depsDotnetCatalog(), depsRubyCatalog()} {
		all = append(all, part...)
	}
	for _, eco := range depEcos {
		all = append(all, depsCommonCatalog(eco)...)
	}
	return all
}()

// depsCommonCatalog: constructs any language shows without a library.
func depsCommonCatalog(eco depEco) []depLib {
	id := string(eco) + "-"
	return []depLib{
		depsEntry(id+"correlation-header", eco, "", nil, nil, depsRoleTracePartial).
			marker("correlation-header", "reads or sets a request/correlation ID header, so requests can be followed across services"),
		depsEntry(id+"audit-structured", eco, "", nil, nil, depsRoleUser).
			marker("audit-structured", "writes audit records of user actions with the user's identity as a named field"),
		depsEntry(id+"audit", eco, "", nil, nil, depsRoleUserPartial).
			marker("audit", "writes audit log entries that mention the acting user"),
	}
}

func depsGoCatalog() []depLib {
	otel := depsNames("go.opentelemetry.io/otel*")
	statsd := depsNames("github.com/DataDog/datadog-go*", "github.com/cactus/go-statsd-client*", "github.com/smira/go-statsd", "gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd")
	flags := func(id, title string, mods ...string) depLib {
		decl := make([]string, len(mods))
		for i, m := range mods {
			decl[i] = m + "*"
		}
		return depsEntry(id, depsEcoGo, title, decl, mods, depsRoleFlags).primary()
	}
	return []depLib{
		depsEntry("go-otel", depsEcoGo, "the OpenTelemetry API and SDK", otel, depsNames("go.opentelemetry.io/otel"), depsRoleTelemetry).primary(),
		depsEntry("go-otel-trace-sdk", depsEcoGo, "the OpenTelemetry tracing SDK and exporters", otel, depsNames(
			"go.opentelemetry.io/otel/sdk/trace", "go.opentelemetry.io/otel/exporters/otlp/otlptrace", "go.opentelemetry.io/otel/exporters/stdout/stdouttrace",
			"go.opentelemetry.io/otel/exporters/jaeger", "go.opentelemetry.io/otel/exporters/zipkin"), depsRoleTrace),
		depsEntry("go-otel-trace-api", depsEcoGo, "the OpenTelemetry tracing API", otel, depsNames("go.opentelemetry.io/otel/trace"), depsRoleTracePartial),
		depsEntry("go-otel-tracer", depsEcoGo, "the OpenTelemetry tracing API", otel, depsNames("go.opentelemetry.io/otel"), depsRoleTracePartial).
			marker("otel-tracer", "creates spans with an OpenTelemetry tracer"),
		depsEntry("go-otelhttp", depsEcoGo, "OpenTelemetry's HTTP instrumentation (otelhttp)", depsNames("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp*"),
			depsNames("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"), depsRoleDep).
			marker("otelhttp-client", "wraps outgoing HTTP calls with otelhttp, so calls to dependencies are measured and traced"),
		depsEntry("go-otelgrpc", depsEcoGo, "OpenTelemetry's gRPC instrumentation (otelgrpc)", depsNames("go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc*"),
			depsNames("go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"), depsRoleDep).
			marker("otelgrpc-client", "instruments outgoing gRPC calls with otelgrpc, so calls to dependencies are measured and traced"),
		depsEntry("go-otel-clients", depsEcoGo, "an OpenTelemetry instrumentation of a client library (database, cloud SDK or HTTP)", depsNames(
			"github.com/XSAM/otelsql*", "go.nhat.io/otelsql*", "github.com/uptrace/opentelemetry-go-extra/otel*", "github.com/exaring/otelpgx*",
			"github.com/redis/go-redis/extra/redisotel*", "go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver*",
			"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws*", "gorm.io/plugin/opentelemetry*",
			"go.opentelemetry.io/contrib/instrumentation/net/http/httptrace/otelhttptrace*"),
			depsNames("github.com/XSAM/otelsql", "go.nhat.io/otelsql", "github.com/uptrace/opentelemetry-go-extra/otelsql", "github.com/uptrace/opentelemetry-go-extra/otelgorm",
				"github.com/uptrace/opentelemetry-go-extra/otelsqlx", "github.com/exaring/otelpgx", "github.com/redis/go-redis/extra/redisotel*",
				"go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver*", "go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws",
				"gorm.io/plugin/opentelemetry*", "go.opentelemetry.io/contrib/instrumentation/net/http/httptrace/otelhttptrace"), depsRoleDep).primary(),
		depsEntry("go-prometheus", depsEcoGo, "the Prometheus Go client", depsNames("github.com/prometheus/client_golang*"), depsNames("github.com/prometheus/client_golang"), depsRoleTelemetry).primary(),
		depsEntry("go-victoriametrics", depsEcoGo, "the VictoriaMetrics metrics library", depsNames("github.com/VictoriaMetrics/metrics"), depsNames("github.com/VictoriaMetrics/metrics"), depsRoleTelemetry).primary(),
		depsEntry("go-statsd", depsEcoGo, "a StatsD client", statsd, depsNames("github.com/DataDog/datadog-go*", "github.com/cactus/go-statsd-client*", "github.com/smira/go-statsd",
			"gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd"), depsRoleTelemetry).primary(),
		depsEntry("go-metrics", depsEcoGo, "a metrics library", depsNames("github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/uber-go/tally*"),
			depsNames("github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/uber-go/tally*"), depsRoleTelemetry).primary(),
		depsEntry("go-emf", depsEcoGo, "a CloudWatch embedded-metric-format library", depsNames("github.com/prozz/aws-embedded-metrics-golang"),
			depsNames("github.com/prozz/aws-embedded-metrics-golang"), depsRoleTelemetry).primary(),
		depsEntry("go-zap", depsEcoGo, "the zap structured logger", depsNames("go.uber.org/zap"), depsNames("go.uber.org/zap"), depsRoleTelemetry).primary(),
		depsEntry("go-zerolog", depsEcoGo, "the zerolog structured logger", depsNames("github.com/rs/zerolog"), depsNames("github.com/rs/zerolog"), depsRoleTelemetry).primary(),
		depsEntry("go-logrus", depsEcoGo, "the logrus structured logger", depsNames("github.com/sirupsen/logrus"), depsNames("github.com/sirupsen/logrus"), depsRoleTelemetry).primary(),
		depsEntry("go-loggers", depsEcoGo, "a structured logger", depsNames("github.com/hashicorp/go-hclog", "github.com/go-kit/log", "github.com/apex/log", "github.com/inconshreveable/log15*"),
			depsNames("github.com/hashicorp/go-hclog", "github.com/go-kit/log", "github.com/apex/log", "github.com/inconshreveable/log15*"), depsRoleTelemetry).primary(),
		// go-kit/kit is a whole toolkit: declaring it says nothing about logging.
		depsEntry("go-kit-log", depsEcoGo, "go-kit's structured logger", depsNames("github.com/go-kit/kit"), depsNames("github.com/go-kit/kit/log"), depsRoleTelemetry),
		depsEntry("go-slog", depsEcoGo, "the standard library's structured logger", nil, depsNames("log/slog"), depsRoleTelemetry).
			marker("slog-handler", "sets up a JSON or text log/slog handler, so logs are structured key-value records"),
		depsEntry("go-datadog", depsEcoGo, "the Datadog APM tracer", depsNames("gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*"),
			depsNames("gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("go-newrelic", depsEcoGo, "the New Relic Go agent", depsNames("github.com/newrelic/go-agent*"), depsNames("github.com/newrelic/go-agent*"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("go-elastic-apm", depsEcoGo, "the Elastic APM agent", depsNames("go.elastic.co/apm*"), depsNames("go.elastic.co/apm*"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("go-sentry", depsEcoGo, "the Sentry SDK", depsNames("github.com/getsentry/sentry-go*"), depsNames("github.com/getsentry/sentry-go"), depsRoleTelemetry).primary(),
		depsEntry("go-sentry-tracing", depsEcoGo, "the Sentry SDK", depsNames("github.com/getsentry/sentry-go*"), depsNames("github.com/getsentry/sentry-go"), depsRoleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		depsEntry("go-xray", depsEcoGo, "the AWS X-Ray SDK", depsNames("github.com/aws/aws-xray-sdk-go"), depsNames("github.com/aws/aws-xray-sdk-go"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("go-xray-clients", depsEcoGo, "the AWS X-Ray SDK", depsNames("github.com/aws/aws-xray-sdk-go"), depsNames("github.com/aws/aws-xray-sdk-go"), depsRoleDep).
			marker("xray-client", "wraps AWS, HTTP or SQL clients with X-Ray, so calls to dependencies are traced"),
		depsEntry("go-tracers", depsEcoGo, "a distributed tracing client", depsNames("github.com/uber/jaeger-client-go", "github.com/openzipkin/zipkin-go", "go.opencensus.io", "github.com/honeycombio/beeline-go"),
			depsNames("github.com/uber/jaeger-client-go", "github.com/openzipkin/zipkin-go", "go.opencensus.io", "github.com/honeycombio/beeline-go"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("go-opentracing", depsEcoGo, "the OpenTracing API", depsNames("github.com/opentracing/opentracing-go"), depsNames("github.com/opentracing/opentracing-go"), depsRoleTracePartial).primary(),
		depsEntry("go-chi-requestid", depsEcoGo, "the chi router, for its RequestID middleware", depsNames("github.com/go-chi/chi*"), depsNames("github.com/go-chi/chi/middleware", "github.com/go-chi/chi/v5/middleware"), depsRoleTracePartial).
			marker("go-requestid-mw", "adds request-ID middleware, so each request carries an ID through the logs"),
		depsEntry("go-echo-requestid", depsEcoGo, "the Echo framework, for its RequestID middleware", depsNames("github.com/labstack/echo*"), depsNames("github.com/labstack/echo/v4/middleware", "github.com/labstack/echo/middleware"), depsRoleTracePartial).
			marker("go-requestid-mw", "adds request-ID middleware, so each request carries an ID through the logs"),
		depsEntry("go-requestid", depsEcoGo, "a request-ID middleware", depsNames("github.com/gin-contrib/requestid", "github.com/gofiber/fiber*"),
			depsNames("github.com/gin-contrib/requestid", "github.com/gofiber/fiber/v2/middleware/requestid", "github.com/gofiber/fiber/v3/middleware/requestid"), depsRoleTracePartial),
		depsEntry("go-health", depsEcoGo, "a health-check library that checks dependencies", depsNames("github.com/hellofresh/health-go*", "github.com/alexliesenfeld/health",
			"github.com/heptiolabs/healthcheck", "github.com/InVisionApp/go-health*", "github.com/etherlabsio/healthcheck*", "github.com/dimiro1/health"),
			depsNames("github.com/hellofresh/health-go*", "github.com/alexliesenfeld/health", "github.com/heptiolabs/healthcheck", "github.com/InVisionApp/go-health*",
				"github.com/etherlabsio/healthcheck*", "github.com/dimiro1/health"), depsRoleDep).primary(),
		depsEntry("go-analytics", depsEcoGo, "a product-analytics client", depsNames("github.com/posthog/posthog-go", "github.com/segmentio/analytics-go*", "gopkg.in/segmentio/analytics-go.v3", "github.com/amplitude/analytics-go"),
			depsNames("github.com/posthog/posthog-go", "github.com/segmentio/analytics-go*", "gopkg.in/segmentio/analytics-go.v3", "github.com/amplitude/analytics-go*"), depsRoleUser).primary(),
		flags("go-openfeature", "the OpenFeature SDK", "github.com/open-feature/go-sdk", "github.com/open-feature/go-sdk-contrib"),
		flags("go-launchdarkly", "the LaunchDarkly SDK", "github.com/launchdarkly/go-server-sdk", "gopkg.in/launchdarkly/go-server-sdk"),
		flags("go-unleash", "the Unleash client", "github.com/Unleash/unleash-client-go"),
		flags("go-flipt", "the Flipt client", "go.flipt.io/flipt-client", "go.flipt.io/flipt/sdk/go", "go.flipt.io/flipt-grpc", "go.flipt.io/flipt/rpc/flipt"),
		flags("go-flags", "a feature-flag SDK", "github.com/growthbook/growthbook-golang", "github.com/Flagsmith/flagsmith-go-client", "github.com/configcat/go-sdk",
			"github.com/splitio/go-client", "github.com/statsig-io/go-sdk", "github.com/thomaspoignant/go-feature-flag"),
		depsEntry("go-posthog-flags", depsEcoGo, "PostHog, for its feature flags", depsNames("github.com/posthog/posthog-go"), depsNames("github.com/posthog/posthog-go"), depsRoleFlags).
			marker("posthog-flags", "evaluates PostHog feature flags"),
		depsEntry("go-appconfig", depsEcoGo, "the AWS AppConfig data client", depsNames("github.com/aws/aws-sdk-go-v2/service/appconfigdata", "github.com/aws/aws-sdk-go"),
			depsNames("github.com/aws/aws-sdk-go-v2/service/appconfigdata", "github.com/aws/aws-sdk-go/service/appconfigdata"), depsRoleFlagsPartial),
	}
}

func depsNpmCatalog() []depLib {
	n := func(id, title string, pkgs []string, roles ...depRole) depLib {
		return depsEntry(id, depsEcoNPM, title, pkgs, pkgs, roles...)
	}
	otelTraceSDK := depsNames("@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base", "@opentelemetry/sdk-trace-web",
		"@opentelemetry/exporter-trace-otlp-*", "@opentelemetry/exporter-jaeger", "@opentelemetry/exporter-zipkin", "@opentelemetry/auto-instrumentations-node",
		"@opentelemetry/auto-instrumentations-web", "@vercel/otel")
	otelClients := depsNames("@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-undici", "@opentelemetry/instrumentation-fetch",
		"@opentelemetry/instrumentation-xml-http-request", "@opentelemetry/instrumentation-grpc", "@opentelemetry/instrumentation-pg",
		"@opentelemetry/instrumentation-mysql", "@opentelemetry/instrumentation-mysql2", "@opentelemetry/instrumentation-mongodb",
		"@opentelemetry/instrumentation-mongoose", "@opentelemetry/instrumentation-redis", "@opentelemetry/instrumentation-redis-4",
		"@opentelemetry/instrumentation-ioredis", "@opentelemetry/instrumentation-aws-sdk", "@opentelemetry/instrumentation-knex",
		"@opentelemetry/instrumentation-tedious", "@opentelemetry/instrumentation-cassandra-driver", "@opentelemetry/instrumentation-memcached",
		"@opentelemetry/instrumentation-amqplib", "@opentelemetry/instrumentation-kafkajs", "@opentelemetry/auto-instrumentations-node",
		"@opentelemetry/auto-instrumentations-web", "@prisma/instrumentation")
	sentryServer := depsNames("@sentry/node", "@sentry/nestjs", "@sentry/serverless", "@sentry/aws-serverless", "@sentry/bun", "@sentry/deno", "@sentry/google-cloud-serverless")
	sentryBoth := depsNames("@sentry/nextjs", "@sentry/sveltekit", "@sentry/remix", "@sentry/astro", "@sentry/nuxt", "@sentry/react-router", "@sentry/solidstart")
	sentryAll := append(append([]string(nil), sentryServer...), sentryBoth...)
	sentryBrowser := depsNames("@sentry/browser", "@sentry/react", "@sentry/vue", "@sentry/angular", "@sentry/angular-ivy", "@sentry/svelte",
		"@sentry/solid", "@sentry/ember", "@sentry/gatsby", "@sentry/react-native", "@sentry/electron")
	rum := depsNames("aws-rum-web", "@sentry/browser", "@sentry/react", "@sentry/vue", "@sentry/angular", "@sentry/angular-ivy", "@sentry/svelte", "@sentry/solid",
		"@sentry/ember", "@sentry/gatsby", "@sentry/react-native", "@sentry/electron", "@datadog/browser-rum", "@datadog/browser-rum-react",
		"@datadog/mobile-react-native", "@newrelic/browser-agent", "@opentelemetry/sdk-trace-web", "@grafana/faro-web-sdk", "@grafana/faro-react",
		"@elastic/apm-rum", "@elastic/apm-rum-react", "@microsoft/applicationinsights-web", "logrocket", "@fullstory/browser")
	analytics := depsNames("@segment/analytics-next", "@segment/analytics-node", "analytics-node", "@segment/analytics-react-native", "posthog-js", "posthog-node",
		"mixpanel-browser", "mixpanel", "amplitude-js", "@amplitude/analytics-browser", "@amplitude/analytics-node", "@amplitude/analytics-react-native",
		"@amplitude/unified", "react-ga4", "react-ga", "vue-gtag", "vue-gtag-next", "ngx-google-analytics", "@next/third-parties", "@vercel/analytics",
		"@rudderstack/analytics-js", "@snowplow/browser-tracker", "plausible-tracker")
	flags := depsNames("@openfeature/server-sdk", "@openfeature/web-sdk", "@openfeature/react-sdk", "@openfeature/js-sdk", "@openfeature/nestjs-sdk",
		"@openfeature/angular-sdk", "@openfeature/flagd-provider", "@openfeature/flagd-web-provider", "launchdarkly-node-server-sdk",
		"launchdarkly-js-client-sdk", "launchdarkly-react-client-sdk", "@launchdarkly/*", "unleash-client", "unleash-proxy-client",
		"@unleash/proxy-client-react", "@unleash/nextjs", "@flipt-io/*", "@growthbook/*", "flagsmith", "flagsmith-nodejs", "configcat-node",
		"configcat-js", "configcat-js-ssr", "configcat-react", "@configcat/*", "@splitsoftware/*", "statsig-node", "statsig-js", "statsig-react",
		"@statsig/*", "@devcycle/*", "@harnessio/ff-javascript-client-sdk", "@harnessio/ff-nodejs-server-sdk", "@vercel/flags")
	return []depLib{
		n("npm-otel", "OpenTelemetry for JavaScript", depsNames("@opentelemetry/*"), depsRoleTelemetry).primary(),
		n("npm-otel-trace-sdk", "the OpenTelemetry tracing SDK", otelTraceSDK, depsRoleTrace).launch("node-otel-register"),
		depsEntry("npm-otel-tracer", depsEcoNPM, "the OpenTelemetry API", depsNames("@opentelemetry/api"), depsNames("@opentelemetry/api"), depsRoleTracePartial).
			marker("otel-tracer", "creates spans with an OpenTelemetry tracer"),
		n("npm-otel-clients", "OpenTelemetry instrumentation of outgoing calls", otelClients, depsRoleDep).launch("node-otel-register").primary(),
		n("npm-otel-register", "OpenTelemetry Node auto-instrumentation", depsNames("@opentelemetry/auto-instrumentations-node"), depsRoleTelemetry).launch("node-otel-register"),
		n("npm-prom-client", "the Prometheus client prom-client", depsNames("prom-client"), depsRoleTelemetry).primary(),
		n("npm-statsd", "a StatsD client", depsJsStatsdPackages, depsRoleTelemetry).primary(),
		n("npm-loggers", "a structured logger", depsNames("winston", "pino", "bunyan", "pino-http", "express-winston", "nestjs-pino",
			"@elastic/ecs-pino-format", "@elastic/ecs-winston-format", "roarr", "@aws-lambda-powertools/logger"), depsRoleTelemetry).primary(),
		n("npm-powertools-metrics", "the Powertools for AWS Lambda metrics utility", depsNames("@aws-lambda-powertools/metrics"), depsRoleTelemetry).primary(),
		n("npm-powertools-tracer", "the Powertools for AWS Lambda tracer", depsNames("@aws-lambda-powertools/tracer"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("npm-emf", "the CloudWatch embedded-metric-format library", depsNames("aws-embedded-metrics"), depsRoleTelemetry).primary(),
		n("npm-dd-trace", "the Datadog APM tracer", depsNames("dd-trace"), depsRoleTelemetry, depsRoleTrace, depsRoleDep).launch("node-dd-trace").primary(),
		n("npm-newrelic", "the New Relic Node agent", depsNames("newrelic"), depsRoleTelemetry, depsRoleTrace).launch("node-newrelic").primary(),
		n("npm-apm", "an APM agent", depsNames("elastic-apm-node", "applicationinsights"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("npm-sentry", "the Sentry SDK", sentryServer, depsRoleTelemetry).primary(),
		n("npm-sentry-fullstack", "the Sentry SDK for server and browser", sentryBoth, depsRoleTelemetry, depsRoleUser).primary(),
		depsEntry("npm-sentry-tracing", depsEcoNPM, "the Sentry SDK", sentryAll, sentryAll, depsRoleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		// Browser tracing alone follows page loads and the browser's own
		// requests; the services behind it are not traced by it.
		depsEntry("npm-sentry-browser-tracing", depsEcoNPM, "the Sentry browser SDK", sentryBrowser, sentryBrowser, depsRoleTracePartial).
			marker("sentry-tracing", "turns on Sentry performance tracing in the browser"),
		n("npm-xray", "the AWS X-Ray SDK", depsNames("aws-xray-sdk", "aws-xray-sdk-core", "aws-xray-sdk-express"), depsRoleTelemetry, depsRoleTrace).primary(),
		depsEntry("npm-xray-clients", depsEcoNPM, "the AWS X-Ray SDK", depsNames("aws-xray-sdk*"), depsNames("aws-xray-sdk*"), depsRoleDep).
			marker("xray-client", "captures AWS SDK, HTTP or database clients with X-Ray, so calls to dependencies are traced"),
		n("npm-tracers", "a distributed tracing client", depsNames("jaeger-client", "zipkin", "zipkin-instrumentation-express"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("npm-requestid", "a request/correlation-ID middleware", depsNames("express-request-id", "correlation-id", "express-correlation-id", "cls-rtracer", "koa-requestid"), depsRoleTracePartial).primary(),
		depsEntry("npm-terminus", depsEcoNPM, "the terminus health-check library", depsNames("@godaddy/terminus"), depsNames("@godaddy/terminus"), depsRoleDep).
			marker("terminus-checks", "registers terminus health checks"),
		depsEntry("npm-nest-terminus", depsEcoNPM, "the NestJS Terminus health-check module", depsNames("@nestjs/terminus"), depsNames("@nestjs/terminus"), depsRoleDep).
			marker("nest-health", "checks databases or downstream services with NestJS Terminus health indicators"),
		n("npm-rum", "a real-user monitoring SDK", rum, depsRoleUser).primary(),
		n("npm-analytics", "a product-analytics SDK", analytics, depsRoleUser).primary(),
		depsEntry("npm-gtag", depsEcoNPM, "", nil, nil, depsRoleUser).marker("gtag", "loads Google Analytics (gtag) in the client"),
		n("npm-flags", "a feature-flag SDK", flags, depsRoleFlags).primary(),
		depsEntry("npm-posthog-flags", depsEcoNPM, "PostHog, for its feature flags", depsNames("posthog-js", "posthog-node"), depsNames("posthog-js", "posthog-node"), depsRoleFlags).
			marker("posthog-flags", "evaluates PostHog feature flags"),
		depsEntry("npm-appconfig", depsEcoNPM, "the AWS AppConfig data client", depsNames("@aws-sdk/client-appconfigdata"), depsNames("@aws-sdk/client-appconfigdata"), depsRoleFlagsPartial).
			marker("appconfig-flags", "fetches configuration from AWS AppConfig, the service behind AppConfig feature flags"),
	}
}
