package evidence

import "strings"

// Catalog entries for Python, the JVM, .NET and Ruby (see
// detect_deps_catalog.go). Python names are PEP 503 normalised; JVM names
// are group:artifact; NuGet IDs and gems as published.

func depsPythonCatalog() []depLib {
	p := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return depsEntry(id, depsEcoPython, title, decl, use, roles...)
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
	otelTraceUse := depsNames("opentelemetry.sdk.trace", "opentelemetry.exporter.otlp.proto.grpc.trace_exporter", "opentelemetry.exporter.otlp.proto.http.trace_exporter",
		"opentelemetry.exporter.jaeger", "opentelemetry.exporter.zipkin", "opentelemetry.exporter.cloud_trace", "opentelemetry.sdk.extension.aws.trace")
	return []depLib{
		p("py-otel", "OpenTelemetry for Python", depsNames("opentelemetry-*"), depsNames("opentelemetry"), depsRoleTelemetry).primary(),
		p("py-otel-trace-sdk", "the OpenTelemetry tracing SDK", depsNames("opentelemetry-sdk", "opentelemetry-distro", "opentelemetry-exporter-*"), otelTraceUse, depsRoleTrace),
		p("py-otel-trace-api", "the OpenTelemetry tracing API", depsNames("opentelemetry-*"), depsNames("opentelemetry.trace"), depsRoleTracePartial),
		p("py-otel-auto", "OpenTelemetry auto-instrumentation", depsNames("opentelemetry-distro", "opentelemetry-instrumentation"), nil, depsRoleTelemetry, depsRoleTrace).launch("otel-instrument"),
		p("py-otel-clients", "OpenTelemetry instrumentation of outgoing calls", clientDecl, clientUse, depsRoleDep).launch("otel-instrument").primary(),
		p("py-azure-monitor", "the Azure Monitor OpenTelemetry distro", depsNames("azure-monitor-opentelemetry"), depsNames("azure.monitor.opentelemetry"), depsRoleTelemetry, depsRoleTrace).primary(),
		p("py-prometheus", "the Prometheus Python client", depsNames("prometheus-client"), depsNames("prometheus_client"), depsRoleTelemetry).primary(),
		p("py-prometheus-exporters", "a Prometheus exporter for the web framework", depsNames("prometheus-flask-exporter", "prometheus-fastapi-instrumentator", "starlette-exporter", "django-prometheus"),
			depsNames("prometheus_flask_exporter", "prometheus_fastapi_instrumentator", "starlette_exporter", "django_prometheus"), depsRoleTelemetry).primary(),
		p("py-django-prometheus", "the Prometheus exporter for Django", depsNames("django-prometheus"), nil, depsRoleTelemetry).
			marker("django-prometheus-app", "installs django-prometheus in the Django settings, so request and database metrics are exported"),
		p("py-statsd", "a StatsD client", depsNames("statsd", "datadog"), depsNames("statsd", "datadog"), depsRoleTelemetry).primary(),
		p("py-loggers", "a structured logger", depsNames("structlog", "python-json-logger", "loguru", "ecs-logging", "json-logging"),
			depsNames("structlog", "pythonjsonlogger", "loguru", "ecs_logging", "json_logging"), depsRoleTelemetry).primary(),
		p("py-json-logger-config", "a JSON log formatter for the standard logging module", depsNames("python-json-logger"), nil, depsRoleTelemetry).
			marker("json-logger-config", "configures python-json-logger's JSON formatter for the logs"),
		p("py-powertools", "Powertools for AWS Lambda", depsNames("aws-lambda-powertools"), depsNames("aws_lambda_powertools"), depsRoleTelemetry).primary(),
		p("py-powertools-tracer", "the Powertools for AWS Lambda tracer", depsNames("aws-lambda-powertools"), depsNames("aws_lambda_powertools.Tracer", "aws_lambda_powertools.tracing"), depsRoleTrace),
		p("py-emf", "the CloudWatch embedded-metric-format library", depsNames("aws-embedded-metrics"), depsNames("aws_embedded_metrics"), depsRoleTelemetry).primary(),
		p("py-ddtrace", "the Datadog APM tracer", depsNames("ddtrace"), depsNames("ddtrace"), depsRoleTelemetry, depsRoleTrace).launch("ddtrace-run").primary(),
		p("py-ddtrace-clients", "the Datadog APM tracer", depsNames("ddtrace"), depsNames("ddtrace"), depsRoleDep).launch("ddtrace-run").
			marker("py-patch", "patches client libraries with the Datadog tracer, so calls to dependencies are traced"),
		p("py-newrelic", "the New Relic Python agent", depsNames("newrelic"), depsNames("newrelic"), depsRoleTelemetry, depsRoleTrace).launch("newrelic-admin").primary(),
		p("py-sentry", "the Sentry SDK", depsNames("sentry-sdk", "raven"), depsNames("sentry_sdk", "raven"), depsRoleTelemetry).primary(),
		p("py-sentry-tracing", "the Sentry SDK", depsNames("sentry-sdk"), depsNames("sentry_sdk"), depsRoleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		p("py-xray", "the AWS X-Ray SDK", depsNames("aws-xray-sdk"), depsNames("aws_xray_sdk"), depsRoleTelemetry, depsRoleTrace).primary(),
		p("py-xray-clients", "the AWS X-Ray SDK", depsNames("aws-xray-sdk"), depsNames("aws_xray_sdk"), depsRoleDep).
			marker("py-patch", "patches client libraries with X-Ray, so calls to dependencies are traced"),
		p("py-tracers", "a distributed tracing client", depsNames("jaeger-client", "py-zipkin", "elastic-apm", "opencensus", "opencensus-ext-azure"),
			depsNames("jaeger_client", "py_zipkin", "elasticapm", "opencensus"), depsRoleTelemetry, depsRoleTrace).primary(),
		p("py-requestid", "a request/correlation-ID middleware", depsNames("asgi-correlation-id", "django-guid", "django-log-request-id", "flask-request-id-header"),
			depsNames("asgi_correlation_id", "django_guid", "log_request_id", "flask_request_id_header"), depsRoleTracePartial).primary(),
		p("py-django-requestid", "a request/correlation-ID middleware", depsNames("django-guid", "django-log-request-id"), nil, depsRoleTracePartial).
			marker("py-django-requestid", "installs a correlation-ID middleware in the Django settings"),
		p("py-health", "a health-check library that checks dependencies", depsNames("py-healthcheck", "healthcheck"), depsNames("healthcheck"), depsRoleDep).primary(),
		p("py-django-health", "a Django health-check library", depsNames("django-health-check"), nil, depsRoleDep).
			marker("django-health-check", "enables django-health-check's checks of the database, cache or storage"),
		p("py-analytics", "a product-analytics SDK", depsNames("posthog", "mixpanel", "segment-analytics-python", "analytics-python", "amplitude-analytics", "rudder-sdk-python"),
			depsNames("posthog", "mixpanel", "segment.analytics", "analytics", "amplitude", "rudderstack"), depsRoleUser).primary(),
		p("py-flags", "a feature-flag SDK", flagDecl, flagUse, depsRoleFlags).primary(),
		p("py-posthog-flags", "PostHog, for its feature flags", depsNames("posthog"), depsNames("posthog"), depsRoleFlags).marker("posthog-flags", "evaluates PostHog feature flags"),
		p("py-appconfig", "the AWS SDK for Python, whose AppConfig data client the code uses", depsNames("boto3"), depsNames("boto3"), depsRoleFlagsPartial).
			marker("appconfig-flags", "fetches configuration from AWS AppConfig, the service behind AppConfig feature flags"),
	}
}

func depsJavaCatalog() []depLib {
	j := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return depsEntry(id, depsEcoJava, title, decl, use, roles...)
	}
	springBoot := "org.springframework.boot:*"
	otelClientDecl := depsNames("io.opentelemetry.instrumentation:opentelemetry-okhttp*", "io.opentelemetry.instrumentation:opentelemetry-jdbc",
		"io.opentelemetry.instrumentation:opentelemetry-apache-httpclient*", "io.opentelemetry.instrumentation:opentelemetry-java-http-client",
		"io.opentelemetry.instrumentation:opentelemetry-grpc*", "io.opentelemetry.instrumentation:opentelemetry-aws-sdk*",
		"io.opentelemetry.instrumentation:opentelemetry-lettuce*", "io.opentelemetry.instrumentation:opentelemetry-r2dbc*",
		"io.opentelemetry.instrumentation:opentelemetry-kafka-clients*", "io.opentelemetry.instrumentation:opentelemetry-mongo*",
		"io.opentelemetry.instrumentation:opentelemetry-spring-webflux*", "io.opentelemetry.instrumentation:opentelemetry-spring-web-*")
	otelClientUse := depsNames("io.opentelemetry.instrumentation.okhttp", "io.opentelemetry.instrumentation.jdbc", "io.opentelemetry.instrumentation.apachehttpclient",
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
		j("jvm-otel", "OpenTelemetry for Java", depsNames("io.opentelemetry:*", "io.opentelemetry.instrumentation:*"), depsNames("io.opentelemetry"), depsRoleTelemetry).primary(),
		j("jvm-otel-trace-sdk", "the OpenTelemetry tracing SDK", depsNames("io.opentelemetry:*"), depsNames("io.opentelemetry.sdk.trace", "io.opentelemetry.exporter.otlp.trace",
			"io.opentelemetry.exporter.otlp.http.trace", "io.opentelemetry.exporter.zipkin", "io.opentelemetry.exporter.jaeger", "io.opentelemetry.sdk.autoconfigure"), depsRoleTrace),
		j("jvm-otel-trace-api", "the OpenTelemetry tracing API", depsNames("io.opentelemetry:*", "io.opentelemetry.instrumentation:*"),
			depsNames("io.opentelemetry.api.trace", "io.opentelemetry.instrumentation.annotations"), depsRoleTracePartial),
		j("jvm-otel-spring", "the OpenTelemetry Spring Boot starter", depsNames("io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter"), nil,
			depsRoleTelemetry, depsRoleTrace, depsRoleDep).auto("*"),
		j("jvm-otel-clients", "OpenTelemetry instrumentation of outgoing calls", otelClientDecl, otelClientUse, depsRoleDep).primary(),
		j("jvm-otel-agent", "the OpenTelemetry Java agent", nil, nil, depsRoleTelemetry, depsRoleTrace, depsRoleDep).launch("otel-javaagent"),
		j("jvm-dd-agent", "the Datadog Java agent", nil, nil, depsRoleTelemetry, depsRoleTrace, depsRoleDep).launch("dd-javaagent"),
		j("jvm-newrelic-agent", "the New Relic Java agent", nil, nil, depsRoleTelemetry, depsRoleTrace, depsRoleDep).launch("newrelic-javaagent"),
		j("jvm-prometheus", "the Prometheus Java client", depsNames("io.prometheus:*"), depsNames("io.prometheus"), depsRoleTelemetry).primary(),
		j("jvm-micrometer", "the Micrometer metrics facade", depsNames("io.micrometer:micrometer-core", "io.micrometer:micrometer-registry-*"),
			depsNames("io.micrometer.core", "io.micrometer.prometheus", "io.micrometer.prometheusmetrics", "io.micrometer.cloudwatch2", "io.micrometer.registry"), depsRoleTelemetry).primary(),
		j("jvm-micrometer-spring", "a Micrometer metrics registry", depsNames("io.micrometer:micrometer-registry-*"), nil, depsRoleTelemetry).auto(springBoot),
		j("jvm-dropwizard", "the Dropwizard Metrics library", depsNames("io.dropwizard.metrics:*", "io.dropwizard.metrics5:*"), depsNames("com.codahale.metrics", "io.dropwizard.metrics5"), depsRoleTelemetry).primary(),
		j("jvm-statsd", "a StatsD client", depsNames("com.timgroup:java-statsd-client", "com.datadoghq:java-dogstatsd-client"), depsNames("com.timgroup.statsd"), depsRoleTelemetry).primary(),
		j("jvm-json-logging", "a JSON log encoder", depsNames("net.logstash.logback:logstash-logback-encoder", "co.elastic.logging:*", "org.apache.logging.log4j:log4j-layout-template-json"),
			depsNames("net.logstash.logback", "co.elastic.logging"), depsRoleTelemetry).config("json-log-config").primary(),
		j("jvm-json-logging-builtin", "", nil, nil, depsRoleTelemetry).config("json-log-config"),
		j("jvm-spring-structured-logging", "", nil, nil, depsRoleTelemetry).config("spring-structured-logging"),
		j("jvm-powertools", "Powertools for AWS Lambda", depsNames("software.amazon.lambda:powertools-*"), depsNames("software.amazon.lambda.powertools"), depsRoleTelemetry).primary(),
		j("jvm-powertools-tracing", "the Powertools for AWS Lambda tracer", depsNames("software.amazon.lambda:powertools-tracing"), depsNames("software.amazon.lambda.powertools.tracing"), depsRoleTrace),
		j("jvm-emf", "the CloudWatch embedded-metric-format library", depsNames("software.amazon.cloudwatchlogs:aws-embedded-metrics"), depsNames("software.amazon.cloudwatchlogs.emf"), depsRoleTelemetry).primary(),
		j("jvm-xray", "the AWS X-Ray SDK", depsNames("com.amazonaws:aws-xray-recorder-sdk-*"), depsNames("com.amazonaws.xray"), depsRoleTelemetry, depsRoleTrace).primary(),
		j("jvm-xray-clients", "X-Ray instrumentation of outgoing calls", depsNames("com.amazonaws:aws-xray-recorder-sdk-aws-sdk*", "com.amazonaws:aws-xray-recorder-sdk-apache-http",
			"com.amazonaws:aws-xray-recorder-sdk-sql*"), depsNames("com.amazonaws.xray.interceptors", "com.amazonaws.xray.handlers", "com.amazonaws.xray.proxies.apache",
			"com.amazonaws.xray.sql"), depsRoleDep).auto("*"),
		j("jvm-datadog", "the Datadog tracer API", depsNames("com.datadoghq:dd-trace-api", "com.datadoghq:dd-trace-ot"), depsNames("datadog.trace.api", "datadog.opentracing"), depsRoleTelemetry, depsRoleTrace).primary(),
		j("jvm-apm", "an APM agent API", depsNames("com.newrelic.agent.java:newrelic-api", "co.elastic.apm:*", "com.microsoft.azure:applicationinsights-*"),
			depsNames("com.newrelic.api.agent", "co.elastic.apm", "com.microsoft.applicationinsights"), depsRoleTelemetry, depsRoleTrace).primary(),
		j("jvm-sentry", "the Sentry SDK", depsNames("io.sentry:*"), depsNames("io.sentry"), depsRoleTelemetry).primary(),
		j("jvm-sentry-spring", "the Sentry Spring Boot starter", depsNames("io.sentry:sentry-spring-boot-starter*"), nil, depsRoleTelemetry).auto("*"),
		j("jvm-sentry-tracing", "the Sentry SDK", depsNames("io.sentry:*"), depsNames("io.sentry"), depsRoleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		j("jvm-tracers", "a distributed tracing client", depsNames("io.jaegertracing:*", "io.zipkin.brave:*", "io.zipkin.reporter2:*"), depsNames("io.jaegertracing", "brave", "zipkin2"),
			depsRoleTelemetry, depsRoleTrace).primary(),
		j("jvm-spring-tracing", "Spring's tracing auto-configuration", depsNames("org.springframework.cloud:spring-cloud-starter-sleuth", "org.springframework.cloud:spring-cloud-sleuth-*",
			"io.micrometer:micrometer-tracing-bridge-*"), nil, depsRoleTrace).auto("*"),
		j("jvm-micrometer-tracing", "the Micrometer Tracing facade", depsNames("io.micrometer:micrometer-tracing*"), depsNames("io.micrometer.tracing"), depsRoleTrace),
		j("jvm-actuator-health", "Spring Boot Actuator", depsNames("org.springframework.boot:spring-boot-starter-actuator"), nil, depsRoleDepPartial).
			says("together with a data-store or messaging starter, so the actuator health endpoint checks that dependency").auto("org.springframework.boot:spring-boot-starter-data-*", "org.springframework.boot:spring-boot-starter-jdbc", "org.springframework.boot:spring-boot-starter-amqp",
			"org.springframework.kafka:spring-kafka", "org.springframework.boot:spring-boot-starter-mail"),
		j("jvm-health-indicator-dep", "", depsNames(springBoot), nil, depsRoleDep).marker("health-indicator-dep", "defines a health indicator that checks a dependency"),
		j("jvm-health-indicator", "", depsNames(springBoot), nil, depsRoleDepPartial).marker("health-indicator", "defines a custom health indicator"),
		j("jvm-mdc-correlation", "", nil, nil, depsRoleTracePartial).marker("mdc-correlation", "puts a correlation or request ID into the logging context (MDC)"),
		j("jvm-analytics", "a product-analytics SDK", depsNames("com.segment.analytics.java:*", "com.mixpanel:mixpanel-java", "com.posthog.java:*", "com.posthog:*", "com.amplitude:*"),
			depsNames("com.segment.analytics", "com.mixpanel.mixpanelapi", "com.posthog", "com.amplitude"), depsRoleUser).primary(),
		j("jvm-flags", "a feature-flag SDK", flagDecl, flagUse, depsRoleFlags).primary(),
		j("jvm-appconfig", "the AWS AppConfig data client", depsNames("software.amazon.awssdk:appconfigdata"), depsNames("software.amazon.awssdk.services.appconfigdata"), depsRoleFlagsPartial),
	}
}

func depsDotnetCatalog() []depLib {
	n := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return depsEntry(id, depsEcoDotnet, title, decl, use, roles...)
	}
	otel := depsNames("OpenTelemetry", "OpenTelemetry.*")
	return []depLib{
		n("net-otel", "OpenTelemetry for .NET", otel, depsNames("OpenTelemetry"), depsRoleTelemetry).primary(),
		n("net-otel-setup", "OpenTelemetry for .NET", otel, nil, depsRoleTelemetry).marker("otel-dotnet-setup", "registers OpenTelemetry in the service setup"),
		n("net-otel-tracing", "the OpenTelemetry SDK for .NET", otel, nil, depsRoleTrace).marker("otel-dotnet-tracing", "configures OpenTelemetry tracing"),
		n("net-otel-clients", "OpenTelemetry instrumentation of outgoing calls", depsNames("OpenTelemetry.Instrumentation.Http", "OpenTelemetry.Instrumentation.SqlClient",
			"OpenTelemetry.Instrumentation.EntityFrameworkCore", "OpenTelemetry.Instrumentation.GrpcNetClient", "OpenTelemetry.Instrumentation.StackExchangeRedis",
			"OpenTelemetry.Instrumentation.AWS", "OpenTelemetry.Instrumentation.ElasticsearchClient", "OpenTelemetry.Instrumentation.MySqlData",
			"OpenTelemetry.Instrumentation.Wcf"), nil, depsRoleDep).marker("otel-dotnet-client", "adds OpenTelemetry instrumentation of outgoing HTTP, database or cloud calls").primary(),
		n("net-prometheus", "the prometheus-net metrics library", depsNames("prometheus-net", "prometheus-net.*"), depsNames("Prometheus"), depsRoleTelemetry).primary(),
		n("net-appmetrics", "the App.Metrics library", depsNames("App.Metrics*"), depsNames("App.Metrics"), depsRoleTelemetry).primary(),
		n("net-loggers", "a structured logger", depsNames("Serilog", "Serilog.*", "NLog", "NLog.*"), depsNames("Serilog", "NLog"), depsRoleTelemetry).primary(),
		n("net-statsd", "a StatsD client", depsNames("DogStatsD-CSharp-Client", "JustEat.StatsD", "StatsdClient"), depsNames("StatsdClient", "JustEat.StatsD"), depsRoleTelemetry).primary(),
		n("net-datadog", "the Datadog .NET tracer", depsNames("Datadog.Trace", "Datadog.Trace.*"), depsNames("Datadog.Trace"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("net-apm", "an APM agent", depsNames("NewRelic.Agent.Api", "Elastic.Apm*"), depsNames("NewRelic.Api.Agent", "Elastic.Apm"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("net-appinsights", "the Application Insights SDK", depsNames("Microsoft.ApplicationInsights*"), depsNames("Microsoft.ApplicationInsights"), depsRoleTelemetry).primary(),
		n("net-appinsights-setup", "the Application Insights SDK", depsNames("Microsoft.ApplicationInsights*"), nil, depsRoleTelemetry, depsRoleTrace).
			marker("appinsights", "registers Application Insights telemetry for the service"),
		n("net-powertools", "Powertools for AWS Lambda", depsNames("AWS.Lambda.Powertools.*"), depsNames("AWS.Lambda.Powertools"), depsRoleTelemetry).primary(),
		n("net-powertools-tracing", "the Powertools for AWS Lambda tracer", depsNames("AWS.Lambda.Powertools.Tracing"), depsNames("AWS.Lambda.Powertools.Tracing"), depsRoleTrace),
		n("net-emf", "the CloudWatch embedded-metric-format library", depsNames("Amazon.CloudWatch.EMF"), depsNames("Amazon.CloudWatch.EMF"), depsRoleTelemetry).primary(),
		n("net-sentry", "the Sentry SDK", depsNames("Sentry", "Sentry.*"), depsNames("Sentry"), depsRoleTelemetry).primary(),
		n("net-sentry-tracing", "the Sentry SDK", depsNames("Sentry", "Sentry.*"), depsNames("Sentry"), depsRoleTrace).marker("sentry-tracing", "turns on Sentry performance tracing"),
		n("net-xray", "the AWS X-Ray SDK", depsNames("AWSXRayRecorder*"), depsNames("Amazon.XRay.Recorder"), depsRoleTelemetry, depsRoleTrace).primary(),
		n("net-xray-clients", "the AWS X-Ray SDK", depsNames("AWSXRayRecorder*"), nil, depsRoleDep).marker("xray-client", "registers X-Ray tracing of AWS SDK or HTTP clients"),
		n("net-healthchecks", "a health-check package for ASP.NET Core", depsNames("AspNetCore.HealthChecks.*", "Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore"), nil, depsRoleDep).
			marker("aspnet-healthchecks", "registers health checks of the service's databases, queues or downstream URLs").primary(),
		n("net-health-indicator-dep", "", nil, nil, depsRoleDep).marker("health-indicator-dep", "defines a health check that checks a dependency"),
		n("net-health-indicator", "", nil, nil, depsRoleDepPartial).marker("health-indicator", "defines a custom health check"),
		n("net-requestid", "a correlation-ID middleware", depsNames("CorrelationId", "Serilog.Enrichers.CorrelationId"), depsNames("CorrelationId", "Serilog.Enrichers.CorrelationId"), depsRoleTracePartial).primary(),
		n("net-analytics", "a product-analytics SDK", depsNames("Segment.Analytics.CSharp", "Analytics", "PostHog*"), depsNames("Segment", "PostHog"), depsRoleUser).primary(),
		n("net-flags", "a feature-flag SDK", depsNames("OpenFeature*", "LaunchDarkly.ServerSdk*", "LaunchDarkly.ClientSdk", "Unleash.Client", "Flagsmith", "ConfigCat.Client",
			"Splitio*", "GrowthBook", "Microsoft.FeatureManagement*", "Statsig*"), depsNames("OpenFeature", "LaunchDarkly.Sdk", "Unleash", "Flagsmith", "ConfigCat.Client",
			"Splitio", "GrowthBook", "Microsoft.FeatureManagement", "Statsig"), depsRoleFlags).primary(),
		n("net-featuremanagement", "Microsoft's feature-management library", depsNames("Microsoft.FeatureManagement*"), nil, depsRoleFlags).
			marker("ms-featuremanagement", "registers or checks feature flags with Microsoft.FeatureManagement"),
		n("net-appconfig", "the AWS AppConfig data client", depsNames("AWSSDK.AppConfigData"), depsNames("Amazon.AppConfigData"), depsRoleFlagsPartial),
	}
}

func depsRubyCatalog() []depLib {
	r := func(id, title string, decl, use []string, roles ...depRole) depLib {
		return depsEntry(id, depsEcoRuby, title, decl, use, roles...)
	}
	rails := depsNames("rails", "railties")
	return []depLib{
		r("rb-otel", "OpenTelemetry for Ruby", depsNames("opentelemetry-*"), depsNames("opentelemetry", "OpenTelemetry"), depsRoleTelemetry).primary(),
		r("rb-otel-sdk", "the OpenTelemetry SDK", depsNames("opentelemetry-sdk"), depsNames("opentelemetry/sdk", "OpenTelemetry::SDK", "opentelemetry/exporter/otlp"), depsRoleTrace),
		r("rb-otel-clients", "OpenTelemetry instrumentation of outgoing calls", depsNames("opentelemetry-instrumentation-*"), depsNames("OpenTelemetry::SDK", "opentelemetry/sdk"), depsRoleDep).
			marker("otel-rb-use", "enables OpenTelemetry instrumentation of the libraries the service calls"),
		r("rb-prometheus", "the Prometheus Ruby client", depsNames("prometheus-client", "prometheus_exporter"),
			depsNames("prometheus/client", "Prometheus::Client", "prometheus_exporter", "PrometheusExporter"), depsRoleTelemetry).primary(),
		r("rb-yabeda", "the Yabeda metrics framework", depsNames("yabeda*"), depsNames("yabeda", "Yabeda"), depsRoleTelemetry).primary(),
		r("rb-statsd", "a StatsD client", depsNames("statsd-instrument", "dogstatsd-ruby", "statsd-ruby"),
			depsNames("statsd/instrument", "StatsD", "datadog/statsd", "Datadog::Statsd", "statsd", "Statsd"), depsRoleTelemetry).primary(),
		r("rb-lograge", "the lograge request logger", depsNames("lograge"), depsNames("lograge", "Lograge"), depsRoleTelemetry).primary(),
		r("rb-lograge-enabled", "the lograge request logger", depsNames("lograge"), nil, depsRoleTelemetry).marker("lograge-enabled", "turns on lograge's one-line structured request logs"),
		r("rb-semantic-logger", "a structured logger", depsNames("semantic_logger", "rails_semantic_logger", "ougai"), depsNames("semantic_logger", "SemanticLogger", "ougai", "Ougai"), depsRoleTelemetry).primary(),
		r("rb-rails-semantic-logger", "the Semantic Logger integration for Rails", depsNames("rails_semantic_logger"), nil, depsRoleTelemetry).auto(rails...),
		r("rb-datadog", "the Datadog tracer", depsNames("ddtrace", "datadog"), depsNames("ddtrace", "datadog", "Datadog"), depsRoleTelemetry, depsRoleTrace).primary(),
		r("rb-datadog-clients", "the Datadog tracer", depsNames("ddtrace", "datadog"), depsNames("ddtrace", "datadog", "Datadog"), depsRoleDep).
			marker("rb-dd-instrument", "instruments client libraries with the Datadog tracer, so calls to dependencies are traced"),
		r("rb-newrelic", "the New Relic Ruby agent", depsNames("newrelic_rpm"), depsNames("newrelic_rpm", "NewRelic"), depsRoleTelemetry, depsRoleTrace).primary(),
		r("rb-newrelic-rails", "the New Relic Ruby agent", depsNames("newrelic_rpm"), nil, depsRoleTelemetry, depsRoleTrace).auto(rails...),
		r("rb-sentry", "the Sentry SDK", depsNames("sentry-ruby", "sentry-rails", "sentry-raven"), depsNames("sentry-ruby", "sentry-rails", "Sentry", "Raven"), depsRoleTelemetry).primary(),
		r("rb-sentry-tracing", "the Sentry SDK", depsNames("sentry-ruby", "sentry-rails"), depsNames("sentry-ruby", "sentry-rails", "Sentry"), depsRoleTrace).
			marker("sentry-tracing", "turns on Sentry performance tracing"),
		r("rb-tracers", "a tracing or APM agent", depsNames("aws-xray-sdk", "elastic-apm"), depsNames("aws-xray-sdk", "XRay", "elastic-apm", "ElasticAPM"), depsRoleTelemetry, depsRoleTrace).primary(),
		r("rb-health", "a health-check library that checks dependencies", depsNames("okcomputer", "health-monitor-rails", "health_check"),
			depsNames("OkComputer", "HealthMonitor", "HealthCheck"), depsRoleDep).primary(),
		r("rb-request-id-tags", "", rails, nil, depsRoleTracePartial).marker("rails-request-id-tags", "tags every log line with the request ID"),
		r("rb-analytics", "a product-analytics SDK", depsNames("ahoy_matey", "analytics-ruby", "posthog-ruby", "mixpanel-ruby", "amplitude-api"),
			depsNames("ahoy", "Ahoy", "segment/analytics", "Segment::Analytics", "posthog-ruby", "PostHog", "mixpanel-ruby", "Mixpanel", "AmplitudeAPI"), depsRoleUser).primary(),
		r("rb-flags", "a feature-flag SDK", depsNames("openfeature-sdk", "launchdarkly-server-sdk", "unleash", "flipper", "flipper-*", "growthbook", "flagsmith", "configcat",
			"splitclient-rb", "statsig"), depsNames("open_feature/sdk", "OpenFeature", "ldclient-rb", "LaunchDarkly", "unleash", "Unleash", "flipper", "Flipper",
			"growthbook", "Growthbook", "flagsmith", "Flagsmith", "configcat", "ConfigCat", "splitclient-rb", "SplitIoClient", "statsig", "Statsig"), depsRoleFlags).primary(),
	}
}
