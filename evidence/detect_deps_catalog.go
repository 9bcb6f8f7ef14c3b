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
	roleTelemetry    = depRole{"OPS04-BP01", Strong}
	roleUser         = depRole{"OPS04-BP03", Strong}
	roleUserPartial  = depRole{"OPS04-BP03", Partial}
	roleDep          = depRole{"OPS04-BP04", Strong}
	roleDepPartial   = depRole{"OPS04-BP04", Partial}
	roleTrace        = depRole{"OPS04-BP05", Strong}
	roleTracePartial = depRole{"OPS04-BP05", Partial}
	roleFlags        = depRole{"OPS03-BP05", Strong}
	roleFlagsPartial = depRole{"OPS03-BP05", Partial}
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

func lib(id string, eco depEco, title string, decl, use []string, roles ...depRole) depLib {
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

// names is shorthand for a list of patterns.
func names(s ...string) []string { return s }

// depCatalog is every entry, per ecosystem, in the order proofs are given.
var depCatalog = func() []depLib {
	var all []depLib
	for _, part := range [][]depLib{goCatalog(), npmCatalog(), pythonCatalog(), javaCatalog(), dotnetCatalog(), rubyCatalog()} {
		all = append(all, part...)
	}
	for _, eco := range depEcos {
		all = append(all, commonCatalog(eco)...)
	}
	return all
}()

// commonCatalog: constructs any language shows without a library.
func commonCatalog(eco depEco) []depLib {
	id := string(eco) + "-"
	return []depLib{
		lib(id+"correlation-header", eco, "", nil, nil, roleTracePartial).
			marker("correlation-header", "reads or sets a request/correlation ID header, so requests can be followed across services"),
		lib(id+"audit-structured", eco, "", nil, nil, roleUser).
			marker("audit-structured", "writes audit records of user actions with the user's identity as a named field"),
		lib(id+"audit", eco, "", nil, nil, roleUserPartial).
			marker("audit", "writes audit log entries that mention the acting user"),
	}
}

func goCatalog() []depLib {
	otel := names("go.opentelemetry.io/otel*")
	statsd := names("github.com/DataDog/datadog-go*", "github.com/cactus/go-statsd-client*", "github.com/smira/go-statsd", "gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd")
	flags := func(id, title string, mods ...string) depLib {
		decl := make([]string, len(mods))
		for i, m := range mods {
			decl[i] = m + "*"
		}
		return lib(id, ecoGo, title, decl, mods, roleFlags).primary()
	}
	return []depLib{
		lib("go-otel", ecoGo, "the OpenTelemetry API and SDK", otel, names("go.opentelemetry.io/otel"), roleTelemetry).primary(),
		lib("go-otel-trace-sdk", ecoGo, "the OpenTelemetry tracing SDK and exporters", otel, names(
			"go.opentelemetry.io/otel/sdk/trace", "go.opentelemetry.io/otel/exporters/otlp/otlptrace", "go.opentelemetry.io/otel/exporters/stdout/stdouttrace",
			"go.opentelemetry.io/otel/exporters/jaeger", "go.opentelemetry.io/otel/exporters/zipkin"), roleTrace),
		lib("go-otel-trace-api", ecoGo, "the OpenTelemetry tracing API", otel, names("go.opentelemetry.io/otel/trace"), roleTracePartial),
		lib("go-otel-tracer", ecoGo, "the OpenTelemetry tracing API", otel, names("go.opentelemetry.io/otel"), roleTracePartial).
			marker("otel-tracer", "creates spans with an OpenTelemetry tracer"),
		lib("go-otelhttp", ecoGo, "OpenTelemetry's HTTP instrumentation (otelhttp)", names("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp*"),
			names("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"), roleDep).
			marker("otelhttp-client", "wraps outgoing HTTP calls with otelhttp, so calls to dependencies are measured and traced"),
		lib("go-otelgrpc", ecoGo, "OpenTelemetry's gRPC instrumentation (otelgrpc)", names("go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc*"),
			names("go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"), roleDep).
			marker("otelgrpc-client", "instruments outgoing gRPC calls with otelgrpc, so calls to dependencies are measured and traced"),
		lib("go-otel-clients", ecoGo, "an OpenTelemetry instrumentation of a database or cloud client", names(
			"github.com/XSAM/otelsql*", "go.nhat.io/otelsql*", "github.com/uptrace/opentelemetry-go-extra/otel*", "github.com/exaring/otelpgx*",
			"github.com/redis/go-redis/extra/redisotel*", "go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver*",
			"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws*", "gorm.io/plugin/opentelemetry*",
			"go.opentelemetry.io/contrib/instrumentation/net/http/httptrace/otelhttptrace*"),
			names("github.com/XSAM/otelsql", "go.nhat.io/otelsql", "github.com/uptrace/opentelemetry-go-extra/otelsql", "github.com/uptrace/opentelemetry-go-extra/otelgorm",
				"github.com/uptrace/opentelemetry-go-extra/otelsqlx", "github.com/exaring/otelpgx", "github.com/redis/go-redis/extra/redisotel*",
				"go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver*", "go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws",
				"gorm.io/plugin/opentelemetry*", "go.opentelemetry.io/contrib/instrumentation/net/http/httptrace/otelhttptrace"), roleDep).primary(),
		lib("go-prometheus", ecoGo, "the Prometheus Go client", names("github.com/prometheus/client_golang*"), names("github.com/prometheus/client_golang"), roleTelemetry).primary(),
		lib("go-victoriametrics", ecoGo, "the VictoriaMetrics metrics library", names("github.com/VictoriaMetrics/metrics"), names("github.com/VictoriaMetrics/metrics"), roleTelemetry).primary(),
		lib("go-statsd", ecoGo, "a StatsD client", statsd, names("github.com/DataDog/datadog-go*", "github.com/cactus/go-statsd-client*", "github.com/smira/go-statsd",
			"gopkg.in/alexcesaro/statsd.v2", "github.com/quipo/statsd"), roleTelemetry).primary(),
		lib("go-metrics", ecoGo, "a metrics library", names("github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/uber-go/tally*"),
			names("github.com/armon/go-metrics", "github.com/hashicorp/go-metrics", "github.com/rcrowley/go-metrics", "github.com/uber-go/tally*"), roleTelemetry).primary(),
		lib("go-emf", ecoGo, "a CloudWatch embedded-metric-format library", names("github.com/prozz/aws-embedded-metrics-golang"),
			names("github.com/prozz/aws-embedded-metrics-golang"), roleTelemetry).primary(),
		lib("go-zap", ecoGo, "the zap structured logger", names("go.uber.org/zap"), names("go.uber.org/zap"), roleTelemetry).primary(),
		lib("go-zerolog", ecoGo, "the zerolog structured logger", names("github.com/rs/zerolog"), names("github.com/rs/zerolog"), roleTelemetry).primary(),
		lib("go-logrus", ecoGo, "the logrus structured logger", names("github.com/sirupsen/logrus"), names("github.com/sirupsen/logrus"), roleTelemetry).primary(),
		lib("go-loggers", ecoGo, "a structured logger", names("github.com/hashicorp/go-hclog", "github.com/go-kit/log", "github.com/go-kit/kit", "github.com/apex/log", "github.com/inconshreveable/log15*"),
			names("github.com/hashicorp/go-hclog", "github.com/go-kit/log", "github.com/go-kit/kit/log", "github.com/apex/log", "github.com/inconshreveable/log15*"), roleTelemetry).primary(),
		lib("go-slog", ecoGo, "the standard library's structured logger", nil, names("log/slog"), roleTelemetry).
			marker("slog-handler", "sets up a JSON or text log/slog handler, so logs are structured key-value records"),
		lib("go-datadog", ecoGo, "the Datadog APM tracer", names("gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*"),
			names("gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*"), roleTelemetry, roleTrace).primary(),
		lib("go-newrelic", ecoGo, "the New Relic Go agent", names("github.com/newrelic/go-agent*"), names("github.com/newrelic/go-agent*"), roleTelemetry, roleTrace).primary(),
		lib("go-elastic-apm", ecoGo, "the Elastic APM agent", names("go.elastic.co/apm*"), names("go.elastic.co/apm*"), roleTelemetry, roleTrace).primary(),
		lib("go-sentry", ecoGo, "the Sentry SDK", names("github.com/getsentry/sentry-go*"), names("github.com/getsentry/sentry-go"), roleTelemetry).primary(),
		lib("go-sentry-tracing", ecoGo, "the Sentry SDK", names("github.com/getsentry/sentry-go*"), names("github.com/getsentry/sentry-go"), roleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		lib("go-xray", ecoGo, "the AWS X-Ray SDK", names("github.com/aws/aws-xray-sdk-go"), names("github.com/aws/aws-xray-sdk-go"), roleTelemetry, roleTrace).primary(),
		lib("go-xray-clients", ecoGo, "the AWS X-Ray SDK", names("github.com/aws/aws-xray-sdk-go"), names("github.com/aws/aws-xray-sdk-go"), roleDep).
			marker("xray-client", "wraps AWS, HTTP or SQL clients with X-Ray, so calls to dependencies are traced"),
		lib("go-tracers", ecoGo, "a distributed tracing client", names("github.com/uber/jaeger-client-go", "github.com/openzipkin/zipkin-go", "go.opencensus.io", "github.com/honeycombio/beeline-go"),
			names("github.com/uber/jaeger-client-go", "github.com/openzipkin/zipkin-go", "go.opencensus.io", "github.com/honeycombio/beeline-go"), roleTelemetry, roleTrace).primary(),
		lib("go-opentracing", ecoGo, "the OpenTracing API", names("github.com/opentracing/opentracing-go"), names("github.com/opentracing/opentracing-go"), roleTracePartial).primary(),
		lib("go-chi-requestid", ecoGo, "the chi router, for its RequestID middleware", names("github.com/go-chi/chi*"), names("github.com/go-chi/chi/middleware", "github.com/go-chi/chi/v5/middleware"), roleTracePartial).
			marker("go-requestid-mw", "adds request-ID middleware, so each request carries an ID through the logs"),
		lib("go-echo-requestid", ecoGo, "the Echo framework, for its RequestID middleware", names("github.com/labstack/echo*"), names("github.com/labstack/echo/v4/middleware", "github.com/labstack/echo/middleware"), roleTracePartial).
			marker("go-requestid-mw", "adds request-ID middleware, so each request carries an ID through the logs"),
		lib("go-requestid", ecoGo, "a request-ID middleware", names("github.com/gin-contrib/requestid", "github.com/gofiber/fiber*"),
			names("github.com/gin-contrib/requestid", "github.com/gofiber/fiber/v2/middleware/requestid", "github.com/gofiber/fiber/v3/middleware/requestid"), roleTracePartial),
		lib("go-health", ecoGo, "a health-check library that checks dependencies", names("github.com/hellofresh/health-go*", "github.com/alexliesenfeld/health",
			"github.com/heptiolabs/healthcheck", "github.com/InVisionApp/go-health*", "github.com/etherlabsio/healthcheck*", "github.com/dimiro1/health"),
			names("github.com/hellofresh/health-go*", "github.com/alexliesenfeld/health", "github.com/heptiolabs/healthcheck", "github.com/InVisionApp/go-health*",
				"github.com/etherlabsio/healthcheck*", "github.com/dimiro1/health"), roleDep).primary(),
		lib("go-analytics", ecoGo, "a product-analytics client", names("github.com/posthog/posthog-go", "github.com/segmentio/analytics-go*", "gopkg.in/segmentio/analytics-go.v3", "github.com/amplitude/analytics-go"),
			names("github.com/posthog/posthog-go", "github.com/segmentio/analytics-go*", "gopkg.in/segmentio/analytics-go.v3", "github.com/amplitude/analytics-go*"), roleUser).primary(),
		flags("go-openfeature", "the OpenFeature SDK", "github.com/open-feature/go-sdk", "github.com/open-feature/go-sdk-contrib"),
		flags("go-launchdarkly", "the LaunchDarkly SDK", "github.com/launchdarkly/go-server-sdk", "gopkg.in/launchdarkly/go-server-sdk"),
		flags("go-unleash", "the Unleash client", "github.com/Unleash/unleash-client-go"),
		flags("go-flipt", "the Flipt client", "go.flipt.io/flipt-client", "go.flipt.io/flipt/sdk/go", "go.flipt.io/flipt-grpc", "go.flipt.io/flipt/rpc/flipt"),
		flags("go-flags", "a feature-flag SDK", "github.com/growthbook/growthbook-golang", "github.com/Flagsmith/flagsmith-go-client", "github.com/configcat/go-sdk",
			"github.com/splitio/go-client", "github.com/statsig-io/go-sdk", "github.com/thomaspoignant/go-feature-flag"),
		lib("go-posthog-flags", ecoGo, "PostHog, for its feature flags", names("github.com/posthog/posthog-go"), names("github.com/posthog/posthog-go"), roleFlags).
			marker("posthog-flags", "evaluates PostHog feature flags"),
		lib("go-appconfig", ecoGo, "the AWS AppConfig data client", names("github.com/aws/aws-sdk-go-v2/service/appconfigdata", "github.com/aws/aws-sdk-go"),
			names("github.com/aws/aws-sdk-go-v2/service/appconfigdata", "github.com/aws/aws-sdk-go/service/appconfigdata"), roleFlagsPartial),
	}
}

func npmCatalog() []depLib {
	n := func(id, title string, pkgs []string, roles ...depRole) depLib {
		return lib(id, ecoNPM, title, pkgs, pkgs, roles...)
	}
	otelTraceSDK := names("@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base", "@opentelemetry/sdk-trace-web",
		"@opentelemetry/exporter-trace-otlp-*", "@opentelemetry/exporter-jaeger", "@opentelemetry/exporter-zipkin", "@opentelemetry/auto-instrumentations-node",
		"@opentelemetry/auto-instrumentations-web", "@vercel/otel")
	otelClients := names("@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-undici", "@opentelemetry/instrumentation-fetch",
		"@opentelemetry/instrumentation-xml-http-request", "@opentelemetry/instrumentation-grpc", "@opentelemetry/instrumentation-pg",
		"@opentelemetry/instrumentation-mysql", "@opentelemetry/instrumentation-mysql2", "@opentelemetry/instrumentation-mongodb",
		"@opentelemetry/instrumentation-mongoose", "@opentelemetry/instrumentation-redis", "@opentelemetry/instrumentation-redis-4",
		"@opentelemetry/instrumentation-ioredis", "@opentelemetry/instrumentation-aws-sdk", "@opentelemetry/instrumentation-knex",
		"@opentelemetry/instrumentation-tedious", "@opentelemetry/instrumentation-cassandra-driver", "@opentelemetry/instrumentation-memcached",
		"@opentelemetry/instrumentation-amqplib", "@opentelemetry/instrumentation-kafkajs", "@opentelemetry/auto-instrumentations-node",
		"@opentelemetry/auto-instrumentations-web", "@prisma/instrumentation")
	sentryServer := names("@sentry/node", "@sentry/nestjs", "@sentry/serverless", "@sentry/aws-serverless", "@sentry/bun", "@sentry/deno", "@sentry/google-cloud-serverless")
	sentryBoth := names("@sentry/nextjs", "@sentry/sveltekit", "@sentry/remix", "@sentry/astro", "@sentry/nuxt", "@sentry/react-router", "@sentry/solidstart")
	sentryAll := append(append([]string(nil), sentryServer...), sentryBoth...)
	sentryBrowser := names("@sentry/browser", "@sentry/react", "@sentry/vue", "@sentry/angular", "@sentry/angular-ivy", "@sentry/svelte",
		"@sentry/solid", "@sentry/ember", "@sentry/gatsby", "@sentry/react-native", "@sentry/electron")
	rum := names("aws-rum-web", "@sentry/browser", "@sentry/react", "@sentry/vue", "@sentry/angular", "@sentry/angular-ivy", "@sentry/svelte", "@sentry/solid",
		"@sentry/ember", "@sentry/gatsby", "@sentry/react-native", "@sentry/electron", "@datadog/browser-rum", "@datadog/browser-rum-react",
		"@datadog/mobile-react-native", "@newrelic/browser-agent", "@opentelemetry/sdk-trace-web", "@grafana/faro-web-sdk", "@grafana/faro-react",
		"@elastic/apm-rum", "@elastic/apm-rum-react", "@microsoft/applicationinsights-web", "logrocket", "@fullstory/browser")
	analytics := names("@segment/analytics-next", "@segment/analytics-node", "analytics-node", "@segment/analytics-react-native", "posthog-js", "posthog-node",
		"mixpanel-browser", "mixpanel", "amplitude-js", "@amplitude/analytics-browser", "@amplitude/analytics-node", "@amplitude/analytics-react-native",
		"@amplitude/unified", "react-ga4", "react-ga", "vue-gtag", "vue-gtag-next", "ngx-google-analytics", "@next/third-parties", "@vercel/analytics",
		"@rudderstack/analytics-js", "@snowplow/browser-tracker", "plausible-tracker")
	flags := names("@openfeature/server-sdk", "@openfeature/web-sdk", "@openfeature/react-sdk", "@openfeature/js-sdk", "@openfeature/nestjs-sdk",
		"@openfeature/angular-sdk", "@openfeature/flagd-provider", "@openfeature/flagd-web-provider", "launchdarkly-node-server-sdk",
		"launchdarkly-js-client-sdk", "launchdarkly-react-client-sdk", "@launchdarkly/*", "unleash-client", "unleash-proxy-client",
		"@unleash/proxy-client-react", "@unleash/nextjs", "@flipt-io/*", "@growthbook/*", "flagsmith", "flagsmith-nodejs", "configcat-node",
		"configcat-js", "configcat-js-ssr", "configcat-react", "@configcat/*", "@splitsoftware/*", "statsig-node", "statsig-js", "statsig-react",
		"@statsig/*", "@devcycle/*", "@harnessio/ff-javascript-client-sdk", "@harnessio/ff-nodejs-server-sdk", "@vercel/flags")
	return []depLib{
		n("npm-otel", "OpenTelemetry for JavaScript", names("@opentelemetry/*"), roleTelemetry).primary(),
		n("npm-otel-trace-sdk", "the OpenTelemetry tracing SDK", otelTraceSDK, roleTrace).launch("node-otel-register"),
		lib("npm-otel-tracer", ecoNPM, "the OpenTelemetry API", names("@opentelemetry/api"), names("@opentelemetry/api"), roleTracePartial).
			marker("otel-tracer", "creates spans with an OpenTelemetry tracer"),
		n("npm-otel-clients", "OpenTelemetry instrumentation of outgoing calls", otelClients, roleDep).launch("node-otel-register").primary(),
		n("npm-otel-register", "OpenTelemetry Node auto-instrumentation", names("@opentelemetry/auto-instrumentations-node"), roleTelemetry).launch("node-otel-register"),
		n("npm-prom-client", "the Prometheus client prom-client", names("prom-client"), roleTelemetry).primary(),
		n("npm-statsd", "a StatsD client", jsStatsdPackages, roleTelemetry).primary(),
		n("npm-loggers", "a structured logger", names("winston", "pino", "bunyan", "pino-http", "express-winston", "nestjs-pino",
			"@elastic/ecs-pino-format", "@elastic/ecs-winston-format", "roarr", "@aws-lambda-powertools/logger"), roleTelemetry).primary(),
		n("npm-powertools-metrics", "the Powertools for AWS Lambda metrics utility", names("@aws-lambda-powertools/metrics"), roleTelemetry).primary(),
		n("npm-powertools-tracer", "the Powertools for AWS Lambda tracer", names("@aws-lambda-powertools/tracer"), roleTelemetry, roleTrace).primary(),
		n("npm-emf", "the CloudWatch embedded-metric-format library", names("aws-embedded-metrics"), roleTelemetry).primary(),
		n("npm-dd-trace", "the Datadog APM tracer", names("dd-trace"), roleTelemetry, roleTrace, roleDep).launch("node-dd-trace").primary(),
		n("npm-newrelic", "the New Relic Node agent", names("newrelic"), roleTelemetry, roleTrace).launch("node-newrelic").primary(),
		n("npm-apm", "an APM agent", names("elastic-apm-node", "applicationinsights"), roleTelemetry, roleTrace).primary(),
		n("npm-sentry", "the Sentry SDK", sentryServer, roleTelemetry).primary(),
		n("npm-sentry-fullstack", "the Sentry SDK for server and browser", sentryBoth, roleTelemetry, roleUser).primary(),
		lib("npm-sentry-tracing", ecoNPM, "the Sentry SDK", sentryAll, sentryAll, roleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		// Browser tracing alone follows page loads and the browser's own
		// requests; the services behind it are not traced by it.
		lib("npm-sentry-browser-tracing", ecoNPM, "the Sentry browser SDK", sentryBrowser, sentryBrowser, roleTracePartial).
			marker("sentry-tracing", "turns on Sentry performance tracing in the browser"),
		n("npm-xray", "the AWS X-Ray SDK", names("aws-xray-sdk", "aws-xray-sdk-core", "aws-xray-sdk-express"), roleTelemetry, roleTrace).primary(),
		lib("npm-xray-clients", ecoNPM, "the AWS X-Ray SDK", names("aws-xray-sdk*"), names("aws-xray-sdk*"), roleDep).
			marker("xray-client", "captures AWS SDK, HTTP or database clients with X-Ray, so calls to dependencies are traced"),
		n("npm-tracers", "a distributed tracing client", names("jaeger-client", "zipkin", "zipkin-instrumentation-express"), roleTelemetry, roleTrace).primary(),
		n("npm-requestid", "a request/correlation-ID middleware", names("express-request-id", "correlation-id", "express-correlation-id", "cls-rtracer", "koa-requestid"), roleTracePartial).primary(),
		lib("npm-terminus", ecoNPM, "the terminus health-check library", names("@godaddy/terminus"), names("@godaddy/terminus"), roleDep).
			marker("terminus-checks", "registers terminus health checks"),
		lib("npm-nest-terminus", ecoNPM, "the NestJS Terminus health-check module", names("@nestjs/terminus"), names("@nestjs/terminus"), roleDep).
			marker("nest-health", "checks databases or downstream services with NestJS Terminus health indicators"),
		n("npm-rum", "a real-user monitoring SDK", rum, roleUser).primary(),
		n("npm-analytics", "a product-analytics SDK", analytics, roleUser).primary(),
		lib("npm-gtag", ecoNPM, "", nil, nil, roleUser).marker("gtag", "loads Google Analytics (gtag) in the client"),
		n("npm-flags", "a feature-flag SDK", flags, roleFlags).primary(),
		lib("npm-posthog-flags", ecoNPM, "PostHog, for its feature flags", names("posthog-js", "posthog-node"), names("posthog-js", "posthog-node"), roleFlags).
			marker("posthog-flags", "evaluates PostHog feature flags"),
		lib("npm-appconfig", ecoNPM, "the AWS AppConfig data client", names("@aws-sdk/client-appconfigdata"), names("@aws-sdk/client-appconfigdata"), roleFlagsPartial).
			marker("appconfig-flags", "fetches configuration from AWS AppConfig, the service behind AppConfig feature flags"),
	}
}
