package evidence

import "strings"

// Catalog entries for Python, the JVM, .NET and Ruby (see
// detect_deps_catalog.go). Python names are PEP 503 normalised; JVM names
// are group:artifact; NuGet IDs and gems as published.

func pythonCatalog() []depLib {
	p := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return lib(id, ecoPython, title, decl, use, roles...)
	}
	var clientDecl, clientUse []string
	for _, c := range strings.Fields(`requests httpx urllib urllib3 aiohttp-client grpc psycopg2 psycopg asyncpg sqlalchemy pymongo redis
		pymysql mysql mysqlclient botocore boto3sqs elasticsearch kafka-python confluent-kafka pika aio-pika dbapi sqlite3 cassandra celery`) {
		clientDecl = append(clientDecl, "opentelemetry-instrumentation-"+c)
		clientUse = append(clientUse, "opentelemetry.instrumentation."+strings.ReplaceAll(c, "-", "_"))
	}
	flags := []struct{ decl, use string }{
		{"openfeature-sdk", "openfeature"}, {"launchdarkly-server-sdk", "ldclient"}, {"ldclient-py", "ldclient"}, {"unleashclient", "UnleashClient"},
		{"flipt", "flipt"}, {"flipt-client", "flipt_client"}, {"growthbook", "growthbook"}, {"flagsmith", "flagsmith"},
		{"configcat-client", "configcatclient"}, {"splitio-client", "splitio"}, {"statsig", "statsig"}, {"statsig-python-core", "statsig_python_core"},
		{"django-waffle", "waffle"}, {"devcycle-python-server-sdk", "devcycle_python_sdk"},
	}
	var flagDecl, flagUse []string
	for _, f := range flags {
		flagDecl, flagUse = append(flagDecl, f.decl), append(flagUse, f.use)
	}
	otelTraceUse := names("opentelemetry.sdk.trace", "opentelemetry.exporter.otlp.proto.grpc.trace_exporter", "opentelemetry.exporter.otlp.proto.http.trace_exporter",
		"opentelemetry.exporter.jaeger", "opentelemetry.exporter.zipkin", "opentelemetry.exporter.cloud_trace", "opentelemetry.sdk.extension.aws.trace")
	return []depLib{
		p("py-otel", "OpenTelemetry for Python", names("opentelemetry-*"), names("opentelemetry"), roleTelemetry).primary(),
		p("py-otel-trace-sdk", "the OpenTelemetry tracing SDK", names("opentelemetry-sdk", "opentelemetry-distro", "opentelemetry-exporter-*"), otelTraceUse, roleTrace),
		p("py-otel-trace-api", "the OpenTelemetry tracing API", names("opentelemetry-*"), names("opentelemetry.trace"), roleTracePartial),
		p("py-otel-auto", "OpenTelemetry auto-instrumentation", names("opentelemetry-distro", "opentelemetry-instrumentation"), nil, roleTelemetry, roleTrace).launch("otel-instrument"),
		p("py-otel-clients", "OpenTelemetry instrumentation of outgoing calls", clientDecl, clientUse, roleDep).launch("otel-instrument").primary(),
		p("py-azure-monitor", "the Azure Monitor OpenTelemetry distro", names("azure-monitor-opentelemetry"), names("azure.monitor.opentelemetry"), roleTelemetry, roleTrace).primary(),
		p("py-prometheus", "the Prometheus Python client", names("prometheus-client"), names("prometheus_client"), roleTelemetry).primary(),
		p("py-prometheus-exporters", "a Prometheus exporter for the web framework", names("prometheus-flask-exporter", "prometheus-fastapi-instrumentator", "starlette-exporter", "django-prometheus"),
			names("prometheus_flask_exporter", "prometheus_fastapi_instrumentator", "starlette_exporter", "django_prometheus"), roleTelemetry).primary(),
		p("py-django-prometheus", "the Prometheus exporter for Django", names("django-prometheus"), nil, roleTelemetry).
			marker("django-prometheus-app", "installs django-prometheus in the Django settings, so request and database metrics are exported"),
		p("py-statsd", "a StatsD client", names("statsd", "datadog"), names("statsd", "datadog"), roleTelemetry).primary(),
		p("py-loggers", "a structured logger", names("structlog", "python-json-logger", "loguru", "ecs-logging", "json-logging"),
			names("structlog", "pythonjsonlogger", "loguru", "ecs_logging", "json_logging"), roleTelemetry).primary(),
		p("py-json-logger-config", "a JSON log formatter for the standard logging module", names("python-json-logger"), nil, roleTelemetry).
			marker("json-logger-config", "configures python-json-logger's JSON formatter for the logs"),
		p("py-powertools", "Powertools for AWS Lambda", names("aws-lambda-powertools"), names("aws_lambda_powertools"), roleTelemetry).primary(),
		p("py-powertools-tracer", "the Powertools for AWS Lambda tracer", names("aws-lambda-powertools"), names("aws_lambda_powertools.Tracer", "aws_lambda_powertools.tracing"), roleTrace),
		p("py-emf", "the CloudWatch embedded-metric-format library", names("aws-embedded-metrics"), names("aws_embedded_metrics"), roleTelemetry).primary(),
		p("py-ddtrace", "the Datadog APM tracer", names("ddtrace"), names("ddtrace"), roleTelemetry, roleTrace).launch("ddtrace-run").primary(),
		p("py-ddtrace-clients", "the Datadog APM tracer", names("ddtrace"), names("ddtrace"), roleDep).launch("ddtrace-run").
			marker("py-patch", "patches client libraries with the Datadog tracer, so calls to dependencies are traced"),
		p("py-newrelic", "the New Relic Python agent", names("newrelic"), names("newrelic"), roleTelemetry, roleTrace).launch("newrelic-admin").primary(),
		p("py-sentry", "the Sentry SDK", names("sentry-sdk", "raven"), names("sentry_sdk", "raven"), roleTelemetry).primary(),
		p("py-sentry-tracing", "the Sentry SDK", names("sentry-sdk"), names("sentry_sdk"), roleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		p("py-xray", "the AWS X-Ray SDK", names("aws-xray-sdk"), names("aws_xray_sdk"), roleTelemetry, roleTrace).primary(),
		p("py-xray-clients", "the AWS X-Ray SDK", names("aws-xray-sdk"), names("aws_xray_sdk"), roleDep).
			marker("py-patch", "patches client libraries with X-Ray, so calls to dependencies are traced"),
		p("py-tracers", "a distributed tracing client", names("jaeger-client", "py-zipkin", "elastic-apm", "opencensus", "opencensus-ext-azure"),
			names("jaeger_client", "py_zipkin", "elasticapm", "opencensus"), roleTelemetry, roleTrace).primary(),
		p("py-requestid", "a request/correlation-ID middleware", names("asgi-correlation-id", "django-guid", "django-log-request-id", "flask-request-id-header"),
			names("asgi_correlation_id", "django_guid", "log_request_id", "flask_request_id_header"), roleTracePartial).primary(),
		p("py-django-requestid", "a request/correlation-ID middleware", names("django-guid", "django-log-request-id"), nil, roleTracePartial).
			marker("py-django-requestid", "installs a correlation-ID middleware in the Django settings"),
		p("py-health", "a health-check library that checks dependencies", names("py-healthcheck", "healthcheck"), names("healthcheck"), roleDep).primary(),
		p("py-django-health", "a Django health-check library", names("django-health-check"), nil, roleDep).
			marker("django-health-check", "enables django-health-check's checks of the database, cache or storage"),
		p("py-analytics", "a product-analytics SDK", names("posthog", "mixpanel", "segment-analytics-python", "analytics-python", "amplitude-analytics", "rudder-sdk-python"),
			names("posthog", "mixpanel", "segment.analytics", "analytics", "amplitude", "rudderstack"), roleUser).primary(),
		p("py-flags", "a feature-flag SDK", flagDecl, flagUse, roleFlags).primary(),
		p("py-posthog-flags", "PostHog, for its feature flags", names("posthog"), names("posthog"), roleFlags).marker("posthog-flags", "evaluates PostHog feature flags"),
		p("py-appconfig", "the AWS SDK for Python, whose AppConfig data client the code uses", names("boto3"), names("boto3"), roleFlagsPartial).
			marker("appconfig-flags", "fetches configuration from AWS AppConfig, the service behind AppConfig feature flags"),
	}
}

func javaCatalog() []depLib {
	j := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return lib(id, ecoJava, title, decl, use, roles...)
	}
	springBoot := "org.springframework.boot:*"
	otelClientDecl := names("io.opentelemetry.instrumentation:opentelemetry-okhttp*", "io.opentelemetry.instrumentation:opentelemetry-jdbc",
		"io.opentelemetry.instrumentation:opentelemetry-apache-httpclient*", "io.opentelemetry.instrumentation:opentelemetry-java-http-client",
		"io.opentelemetry.instrumentation:opentelemetry-grpc*", "io.opentelemetry.instrumentation:opentelemetry-aws-sdk*",
		"io.opentelemetry.instrumentation:opentelemetry-lettuce*", "io.opentelemetry.instrumentation:opentelemetry-r2dbc*",
		"io.opentelemetry.instrumentation:opentelemetry-kafka-clients*", "io.opentelemetry.instrumentation:opentelemetry-mongo*",
		"io.opentelemetry.instrumentation:opentelemetry-spring-webflux*", "io.opentelemetry.instrumentation:opentelemetry-spring-web-*")
	otelClientUse := names("io.opentelemetry.instrumentation.okhttp", "io.opentelemetry.instrumentation.jdbc", "io.opentelemetry.instrumentation.apachehttpclient",
		"io.opentelemetry.instrumentation.httpclient", "io.opentelemetry.instrumentation.grpc", "io.opentelemetry.instrumentation.awssdk",
		"io.opentelemetry.instrumentation.lettuce", "io.opentelemetry.instrumentation.r2dbc", "io.opentelemetry.instrumentation.kafkaclients",
		"io.opentelemetry.instrumentation.mongo", "io.opentelemetry.instrumentation.spring.webflux", "io.opentelemetry.instrumentation.spring.web")
	flags := []struct{ decl, use string }{
		{"dev.openfeature*", "dev.openfeature"}, {"com.launchdarkly:*", "com.launchdarkly.sdk"}, {"io.getunleash:*", "io.getunleash"},
		{"io.flipt:*", "io.flipt"}, {"io.growthbook.sdk:*", "growthbook.sdk"}, {"com.github.growthbook:*", "growthbook.sdk"},
		{"com.flagsmith:*", "com.flagsmith"}, {"com.configcat:*", "com.configcat"}, {"io.split.client:*", "io.split.client"},
		{"com.statsig:*", "com.statsig"}, {"org.togglz:*", "org.togglz"}, {"org.ff4j:*", "org.ff4j"},
	}
	var flagDecl, flagUse []string
	for _, f := range flags {
		flagDecl, flagUse = append(flagDecl, f.decl), append(flagUse, f.use)
	}
	return []depLib{
		j("jvm-otel", "OpenTelemetry for Java", names("io.opentelemetry:*", "io.opentelemetry.instrumentation:*"), names("io.opentelemetry"), roleTelemetry).primary(),
		j("jvm-otel-trace-sdk", "the OpenTelemetry tracing SDK", names("io.opentelemetry:*"), names("io.opentelemetry.sdk.trace", "io.opentelemetry.exporter.otlp.trace",
			"io.opentelemetry.exporter.otlp.http.trace", "io.opentelemetry.exporter.zipkin", "io.opentelemetry.exporter.jaeger", "io.opentelemetry.sdk.autoconfigure"), roleTrace),
		j("jvm-otel-trace-api", "the OpenTelemetry tracing API", names("io.opentelemetry:*", "io.opentelemetry.instrumentation:*"),
			names("io.opentelemetry.api.trace", "io.opentelemetry.instrumentation.annotations"), roleTracePartial),
		j("jvm-otel-spring", "the OpenTelemetry Spring Boot starter", names("io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter"), nil,
			roleTelemetry, roleTrace, roleDep).auto("*"),
		j("jvm-otel-clients", "OpenTelemetry instrumentation of outgoing calls", otelClientDecl, otelClientUse, roleDep).primary(),
		j("jvm-otel-agent", "the OpenTelemetry Java agent", nil, nil, roleTelemetry, roleTrace, roleDep).launch("otel-javaagent"),
		j("jvm-dd-agent", "the Datadog Java agent", nil, nil, roleTelemetry, roleTrace, roleDep).launch("dd-javaagent"),
		j("jvm-newrelic-agent", "the New Relic Java agent", nil, nil, roleTelemetry, roleTrace, roleDep).launch("newrelic-javaagent"),
		j("jvm-prometheus", "the Prometheus Java client", names("io.prometheus:*"), names("io.prometheus"), roleTelemetry).primary(),
		j("jvm-micrometer", "the Micrometer metrics facade", names("io.micrometer:micrometer-core", "io.micrometer:micrometer-registry-*"),
			names("io.micrometer.core", "io.micrometer.prometheus", "io.micrometer.prometheusmetrics", "io.micrometer.cloudwatch2", "io.micrometer.registry"), roleTelemetry).primary(),
		j("jvm-micrometer-spring", "a Micrometer metrics registry", names("io.micrometer:micrometer-registry-*"), nil, roleTelemetry).auto(springBoot),
		j("jvm-dropwizard", "the Dropwizard Metrics library", names("io.dropwizard.metrics:*", "io.dropwizard.metrics5:*"), names("com.codahale.metrics", "io.dropwizard.metrics5"), roleTelemetry).primary(),
		j("jvm-statsd", "a StatsD client", names("com.timgroup:java-statsd-client", "com.datadoghq:java-dogstatsd-client"), names("com.timgroup.statsd"), roleTelemetry).primary(),
		j("jvm-json-logging", "a JSON log encoder", names("net.logstash.logback:logstash-logback-encoder", "co.elastic.logging:*", "org.apache.logging.log4j:log4j-layout-template-json"),
			names("net.logstash.logback", "co.elastic.logging"), roleTelemetry).config("json-log-config").primary(),
		j("jvm-json-logging-builtin", "", nil, nil, roleTelemetry).config("json-log-config"),
		j("jvm-spring-structured-logging", "", nil, nil, roleTelemetry).config("spring-structured-logging"),
		j("jvm-powertools", "Powertools for AWS Lambda", names("software.amazon.lambda:powertools-*"), names("software.amazon.lambda.powertools"), roleTelemetry).primary(),
		j("jvm-powertools-tracing", "the Powertools for AWS Lambda tracer", names("software.amazon.lambda:powertools-tracing"), names("software.amazon.lambda.powertools.tracing"), roleTrace),
		j("jvm-emf", "the CloudWatch embedded-metric-format library", names("software.amazon.cloudwatchlogs:aws-embedded-metrics"), names("software.amazon.cloudwatchlogs.emf"), roleTelemetry).primary(),
		j("jvm-xray", "the AWS X-Ray SDK", names("com.amazonaws:aws-xray-recorder-sdk-*"), names("com.amazonaws.xray"), roleTelemetry, roleTrace).primary(),
		j("jvm-xray-clients", "X-Ray instrumentation of outgoing calls", names("com.amazonaws:aws-xray-recorder-sdk-aws-sdk*", "com.amazonaws:aws-xray-recorder-sdk-apache-http",
			"com.amazonaws:aws-xray-recorder-sdk-sql*"), names("com.amazonaws.xray.interceptors", "com.amazonaws.xray.handlers", "com.amazonaws.xray.proxies.apache",
			"com.amazonaws.xray.sql"), roleDep).auto("*"),
		j("jvm-datadog", "the Datadog tracer API", names("com.datadoghq:dd-trace-api", "com.datadoghq:dd-trace-ot"), names("datadog.trace.api", "datadog.opentracing"), roleTelemetry, roleTrace).primary(),
		j("jvm-apm", "an APM agent API", names("com.newrelic.agent.java:newrelic-api", "co.elastic.apm:*", "com.microsoft.azure:applicationinsights-*"),
			names("com.newrelic.api.agent", "co.elastic.apm", "com.microsoft.applicationinsights"), roleTelemetry, roleTrace).primary(),
		j("jvm-sentry", "the Sentry SDK", names("io.sentry:*"), names("io.sentry"), roleTelemetry).primary(),
		j("jvm-sentry-spring", "the Sentry Spring Boot starter", names("io.sentry:sentry-spring-boot-starter*"), nil, roleTelemetry).auto("*"),
		j("jvm-sentry-tracing", "the Sentry SDK", names("io.sentry:*"), names("io.sentry"), roleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		j("jvm-tracers", "a distributed tracing client", names("io.jaegertracing:*", "io.zipkin.brave:*", "io.zipkin.reporter2:*"), names("io.jaegertracing", "brave", "zipkin2"),
			roleTelemetry, roleTrace).primary(),
		j("jvm-spring-tracing", "Spring's tracing auto-configuration", names("org.springframework.cloud:spring-cloud-starter-sleuth", "org.springframework.cloud:spring-cloud-sleuth-*",
			"io.micrometer:micrometer-tracing-bridge-*"), nil, roleTrace).auto("*"),
		j("jvm-micrometer-tracing", "the Micrometer Tracing facade", names("io.micrometer:micrometer-tracing*"), names("io.micrometer.tracing"), roleTrace),
		j("jvm-actuator-health", "Spring Boot Actuator", names("org.springframework.boot:spring-boot-starter-actuator"), nil, roleDepPartial).
			says("together with a data-store or messaging starter, so the actuator health endpoint checks that dependency").auto("org.springframework.boot:spring-boot-starter-data-*", "org.springframework.boot:spring-boot-starter-jdbc", "org.springframework.boot:spring-boot-starter-amqp",
			"org.springframework.kafka:spring-kafka", "org.springframework.boot:spring-boot-starter-mail"),
		j("jvm-health-indicator-dep", "", names(springBoot), nil, roleDep).marker("health-indicator-dep", "defines a health indicator that checks a dependency"),
		j("jvm-health-indicator", "", names(springBoot), nil, roleDepPartial).marker("health-indicator", "defines a custom health indicator"),
		j("jvm-mdc-correlation", "", nil, nil, roleTracePartial).marker("mdc-correlation", "puts a correlation or request ID into the logging context (MDC)"),
		j("jvm-analytics", "a product-analytics SDK", names("com.segment.analytics.java:*", "com.mixpanel:mixpanel-java", "com.posthog.java:*", "com.posthog:*", "com.amplitude:*"),
			names("com.segment.analytics", "com.mixpanel.mixpanelapi", "com.posthog", "com.amplitude"), roleUser).primary(),
		j("jvm-flags", "a feature-flag SDK", flagDecl, flagUse, roleFlags).primary(),
		j("jvm-appconfig", "the AWS AppConfig data client", names("software.amazon.awssdk:appconfigdata"), names("software.amazon.awssdk.services.appconfigdata"), roleFlagsPartial),
	}
}

func dotnetCatalog() []depLib {
	n := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return lib(id, ecoDotnet, title, decl, use, roles...)
	}
	otel := names("OpenTelemetry", "OpenTelemetry.*")
	return []depLib{
		n("net-otel", "OpenTelemetry for .NET", otel, names("OpenTelemetry"), roleTelemetry).primary(),
		n("net-otel-setup", "OpenTelemetry for .NET", otel, nil, roleTelemetry).marker("otel-dotnet-setup", "registers OpenTelemetry in the service setup"),
		n("net-otel-tracing", "the OpenTelemetry SDK for .NET", otel, nil, roleTrace).marker("otel-dotnet-tracing", "configures OpenTelemetry tracing"),
		n("net-otel-clients", "OpenTelemetry instrumentation of outgoing calls", names("OpenTelemetry.Instrumentation.Http", "OpenTelemetry.Instrumentation.SqlClient",
			"OpenTelemetry.Instrumentation.EntityFrameworkCore", "OpenTelemetry.Instrumentation.GrpcNetClient", "OpenTelemetry.Instrumentation.StackExchangeRedis",
			"OpenTelemetry.Instrumentation.AWS", "OpenTelemetry.Instrumentation.ElasticsearchClient", "OpenTelemetry.Instrumentation.MySqlData",
			"OpenTelemetry.Instrumentation.Wcf"), nil, roleDep).marker("otel-dotnet-client", "adds OpenTelemetry instrumentation of outgoing HTTP, database or cloud calls").primary(),
		n("net-prometheus", "the prometheus-net metrics library", names("prometheus-net", "prometheus-net.*"), names("Prometheus"), roleTelemetry).primary(),
		n("net-appmetrics", "the App.Metrics library", names("App.Metrics*"), names("App.Metrics"), roleTelemetry).primary(),
		n("net-loggers", "a structured logger", names("Serilog", "Serilog.*", "NLog", "NLog.*"), names("Serilog", "NLog"), roleTelemetry).primary(),
		n("net-statsd", "a StatsD client", names("DogStatsD-CSharp-Client", "JustEat.StatsD", "StatsdClient"), names("StatsdClient", "JustEat.StatsD"), roleTelemetry).primary(),
		n("net-datadog", "the Datadog .NET tracer", names("Datadog.Trace", "Datadog.Trace.*"), names("Datadog.Trace"), roleTelemetry, roleTrace).primary(),
		n("net-apm", "an APM agent", names("NewRelic.Agent.Api", "Elastic.Apm*"), names("NewRelic.Api.Agent", "Elastic.Apm"), roleTelemetry, roleTrace).primary(),
		n("net-appinsights", "the Application Insights SDK", names("Microsoft.ApplicationInsights*"), names("Microsoft.ApplicationInsights"), roleTelemetry).primary(),
		n("net-appinsights-setup", "the Application Insights SDK", names("Microsoft.ApplicationInsights*"), nil, roleTelemetry, roleTrace).
			marker("appinsights", "registers Application Insights telemetry for the service"),
		n("net-powertools", "Powertools for AWS Lambda", names("AWS.Lambda.Powertools.*"), names("AWS.Lambda.Powertools"), roleTelemetry).primary(),
		n("net-powertools-tracing", "the Powertools for AWS Lambda tracer", names("AWS.Lambda.Powertools.Tracing"), names("AWS.Lambda.Powertools.Tracing"), roleTrace),
		n("net-emf", "the CloudWatch embedded-metric-format library", names("Amazon.CloudWatch.EMF"), names("Amazon.CloudWatch.EMF"), roleTelemetry).primary(),
		n("net-sentry", "the Sentry SDK", names("Sentry", "Sentry.*"), names("Sentry"), roleTelemetry).primary(),
		n("net-sentry-tracing", "the Sentry SDK", names("Sentry", "Sentry.*"), names("Sentry"), roleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		n("net-xray", "the AWS X-Ray SDK", names("AWSXRayRecorder*"), names("Amazon.XRay.Recorder"), roleTelemetry, roleTrace).primary(),
		n("net-xray-clients", "the AWS X-Ray SDK", names("AWSXRayRecorder*"), nil, roleDep).marker("xray-client", "registers X-Ray tracing of AWS SDK or HTTP clients"),
		n("net-healthchecks", "a health-check package for ASP.NET Core", names("AspNetCore.HealthChecks.*", "Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore"), nil, roleDep).
			marker("aspnet-healthchecks", "registers health checks of the service's databases, queues or downstream URLs").primary(),
		n("net-health-indicator-dep", "", nil, nil, roleDep).marker("health-indicator-dep", "defines a health check that checks a dependency"),
		n("net-health-indicator", "", nil, nil, roleDepPartial).marker("health-indicator", "defines a custom health check"),
		n("net-requestid", "a correlation-ID middleware", names("CorrelationId", "Serilog.Enrichers.CorrelationId"), names("CorrelationId", "Serilog.Enrichers.CorrelationId"), roleTracePartial).primary(),
		n("net-analytics", "a product-analytics SDK", names("Segment.Analytics.CSharp", "Analytics", "PostHog*"), names("Segment", "PostHog"), roleUser).primary(),
		n("net-flags", "a feature-flag SDK", names("OpenFeature*", "LaunchDarkly.ServerSdk*", "LaunchDarkly.ClientSdk", "Unleash.Client", "Flagsmith", "ConfigCat.Client",
			"Splitio*", "GrowthBook", "Microsoft.FeatureManagement*", "Statsig*"), names("OpenFeature", "LaunchDarkly.Sdk", "Unleash", "Flagsmith", "ConfigCat.Client",
			"Splitio", "GrowthBook", "Microsoft.FeatureManagement", "Statsig"), roleFlags).primary(),
		n("net-featuremanagement", "Microsoft's feature-management library", names("Microsoft.FeatureManagement*"), nil, roleFlags).
			marker("ms-featuremanagement", "registers or checks feature flags with Microsoft.FeatureManagement"),
		n("net-appconfig", "the AWS AppConfig data client", names("AWSSDK.AppConfigData"), names("Amazon.AppConfigData"), roleFlagsPartial),
	}
}

func rubyCatalog() []depLib {
	r := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return lib(id, ecoRuby, title, decl, use, roles...)
	}
	rails := names("rails", "railties")
	return []depLib{
		r("rb-otel", "OpenTelemetry for Ruby", names("opentelemetry-*"), names("opentelemetry", "OpenTelemetry"), roleTelemetry).primary(),
		r("rb-otel-sdk", "the OpenTelemetry SDK", names("opentelemetry-sdk"), names("opentelemetry/sdk", "OpenTelemetry::SDK", "opentelemetry/exporter/otlp"), roleTrace),
		r("rb-otel-clients", "OpenTelemetry instrumentation of outgoing calls", names("opentelemetry-instrumentation-*"), names("OpenTelemetry::SDK", "opentelemetry/sdk"), roleDep).
			marker("otel-rb-use", "enables OpenTelemetry instrumentation of the libraries the service calls"),
		r("rb-prometheus", "the Prometheus Ruby client", names("prometheus-client", "prometheus_exporter"),
			names("prometheus/client", "Prometheus::Client", "prometheus_exporter", "PrometheusExporter"), roleTelemetry).primary(),
		r("rb-yabeda", "the Yabeda metrics framework", names("yabeda*"), names("yabeda", "Yabeda"), roleTelemetry).primary(),
		r("rb-statsd", "a StatsD client", names("statsd-instrument", "dogstatsd-ruby", "statsd-ruby"),
			names("statsd/instrument", "StatsD", "datadog/statsd", "Datadog::Statsd", "statsd", "Statsd"), roleTelemetry).primary(),
		r("rb-lograge", "the lograge request logger", names("lograge"), names("lograge", "Lograge"), roleTelemetry).primary(),
		r("rb-lograge-enabled", "the lograge request logger", names("lograge"), nil, roleTelemetry).marker("lograge-enabled", "turns on lograge's one-line structured request logs"),
		r("rb-semantic-logger", "a structured logger", names("semantic_logger", "rails_semantic_logger", "ougai"), names("semantic_logger", "SemanticLogger", "ougai", "Ougai"), roleTelemetry).primary(),
		r("rb-rails-semantic-logger", "the Semantic Logger integration for Rails", names("rails_semantic_logger"), nil, roleTelemetry).auto(rails...),
		r("rb-datadog", "the Datadog tracer", names("ddtrace", "datadog"), names("ddtrace", "datadog", "Datadog"), roleTelemetry, roleTrace).primary(),
		r("rb-datadog-clients", "the Datadog tracer", names("ddtrace", "datadog"), names("ddtrace", "datadog", "Datadog"), roleDep).
			marker("rb-dd-instrument", "instruments client libraries with the Datadog tracer, so calls to dependencies are traced"),
		r("rb-newrelic", "the New Relic Ruby agent", names("newrelic_rpm"), names("newrelic_rpm", "NewRelic"), roleTelemetry, roleTrace).primary(),
		r("rb-newrelic-rails", "the New Relic Ruby agent", names("newrelic_rpm"), nil, roleTelemetry, roleTrace).auto(rails...),
		r("rb-sentry", "the Sentry SDK", names("sentry-ruby", "sentry-rails", "sentry-raven"), names("sentry-ruby", "sentry-rails", "Sentry", "Raven"), roleTelemetry).primary(),
		r("rb-sentry-tracing", "the Sentry SDK", names("sentry-ruby", "sentry-rails"), names("sentry-ruby", "sentry-rails", "Sentry"), roleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		r("rb-tracers", "a tracing or APM agent", names("aws-xray-sdk", "elastic-apm"), names("aws-xray-sdk", "XRay", "elastic-apm", "ElasticAPM"), roleTelemetry, roleTrace).primary(),
		r("rb-health", "a health-check library that checks dependencies", names("okcomputer", "health-monitor-rails", "health_check"),
			names("OkComputer", "HealthMonitor", "HealthCheck"), roleDep).primary(),
		r("rb-request-id-tags", "", rails, nil, roleTracePartial).marker("rails-request-id-tags", "tags every log line with the request ID"),
		r("rb-analytics", "a product-analytics SDK", names("ahoy_matey", "analytics-ruby", "posthog-ruby", "mixpanel-ruby", "amplitude-api"),
			names("ahoy", "Ahoy", "segment/analytics", "Segment::Analytics", "posthog-ruby", "PostHog", "mixpanel-ruby", "Mixpanel", "AmplitudeAPI"), roleUser).primary(),
		r("rb-flags", "a feature-flag SDK", names("openfeature-sdk", "launchdarkly-server-sdk", "unleash", "flipper", "flipper-*", "growthbook", "flagsmith", "configcat",
			"splitclient-rb", "statsig"), names("open_feature/sdk", "OpenFeature", "ldclient-rb", "LaunchDarkly", "unleash", "Unleash", "flipper", "Flipper",
			"growthbook", "Growthbook", "flagsmith", "Flagsmith", "configcat", "ConfigCat", "splitclient-rb", "SplitIoClient", "statsig", "Statsig"), roleFlags).primary(),
	}
}
