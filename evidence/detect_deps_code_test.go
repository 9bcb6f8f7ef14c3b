package evidence

import (
	"fmt"
	"strings"
	"testing"
)

// depsImportLines renders imports as "name@line".
func depsImportLines(imps []depsSrcImport) string {
	var out []string
	for _, i := range imps {
		out = append(out, fmt.Sprintf("%s@%d", i.Name, i.Line))
	}
	return strings.Join(out, " ")
}

func TestDepsGoImports(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"grouped and aliased", "package x\n\nimport (\n\t\"fmt\"\n\tsdk \"go.opentelemetry.io/otel/sdk/trace\"\n\t_ \"net/http/pprof\"\n)\n\nimport \"fmt\"\n",
			"fmt@4 go.opentelemetry.io/otel/sdk/trace@5 net/http/pprof@6"},
		{"broken after imports", "package x\nimport \"go.uber.org/zap\"\nfunc {{{", "go.uber.org/zap@2"},
		{"not Go", "<html>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := depsImportLines(depsGoImports("x.go", []byte(tt.src))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDepsJSImports(t *testing.T) {
	src := `import React from 'react';
import {
  init,
  browserTracingIntegration,
} from "@sentry/react";
import type { Logger } from 'pino';
import './styles.css';
import * as otel from '@opentelemetry/api';
export { default as x } from 'winston/lib/x';
const statsd = require('hot-shots');
const lazy = await import('posthog-js');
// import ld from 'launchdarkly-js-client-sdk';
import local from './local';
import fs from 'node:fs';
import sub from '@datadog/browser-rum/lib/thing';
`
	want := "react@1 @sentry/react@2 @opentelemetry/api@8 winston@9 hot-shots@10 posthog-js@11 @datadog/browser-rum@15"
	if got := depsImportLines(depsJsImports(depsNewSrcText([]byte(src)))); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsJSPackageName(t *testing.T) {
	tests := map[string]string{
		"pino": "pino", "pino/file": "pino", "@sentry/react": "@sentry/react", "@sentry/react/x": "@sentry/react", "@scope": "",
		"./a": "", "/abs": "", "node:fs": "", "https://cdn.example.com/x.js": "", "": "",
	}
	for in, want := range tests {
		if got := depsJsPackageName(in); got != want {
			t.Errorf("jsPackageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDepsPythonImports(t *testing.T) {
	src := `import os, sys as system
import opentelemetry.trace
from prometheus_client import Counter, Histogram as H
from aws_lambda_powertools import (
    Logger,
    Tracer,
)
from . import sibling
from .models import Thing
from structlog import *
    import ddtrace  # inside a function
`
	want := "os@1 sys@1 opentelemetry.trace@2 prometheus_client@3 prometheus_client.Counter@3 prometheus_client.Histogram@3 " +
		"aws_lambda_powertools@4 aws_lambda_powertools.Logger@4 aws_lambda_powertools.Tracer@4 structlog@10 ddtrace@11"
	if got := depsImportLines(depsPythonImports(depsNewSrcText([]byte(src)))); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsRegexImports(t *testing.T) {
	tests := []struct {
		name string
		src  string
		re   string
		want string
	}{
		{"java", "package a;\nimport io.micrometer.core.instrument.Counter;\nimport static org.junit.Assert.*;\nimport io.micrometer.core.instrument.Counter;\n", "java",
			"io.micrometer.core.instrument.Counter@2 org.junit.Assert@3"},
		{"kotlin", "package a\nimport io.opentelemetry.api.trace.Span as S\nimport kotlinx.coroutines.*\n", "java", "io.opentelemetry.api.trace.Span@2 kotlinx.coroutines@3"},
		{"csharp", "global using Serilog;\nusing static System.Math;\nusing Log = NLog.Logger;\nusing (var s = new Stream()) {}\nusing var x = y;\n", "cs",
			"Serilog@1 System.Math@2 NLog.Logger@3"},
		{"fsharp", "module App\nopen Serilog\nopen System.IO\n", "fs", "Serilog@2 System.IO@3"},
	}
	res := map[string]*depsSrcText{}
	_ = res
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := depsJavaImportRe
			switch tt.re {
			case "cs":
				re = depsCsharpUsingRe
			case "fs":
				re = depsFsharpOpenRe
			}
			if got := depsImportLines(depsRegexImports(depsNewSrcText([]byte(tt.src)), re)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDepsRubyImports(t *testing.T) {
	src := `require "opentelemetry/sdk"
require_relative "boot"
# Sentry.init is in the initializer
OpenTelemetry::SDK.configure do |c|
  c.use_all
end
Flipper.enabled?(:x)
config.lograge.formatter = Lograge::Formatters::Json.new
class Foo < ApplicationRecord; end
`
	want := "opentelemetry/sdk@1 OpenTelemetry::SDK@4 Flipper@7 Lograge::Formatters::Json@8"
	if got := depsImportLines(depsRubyImports(depsNewSrcText([]byte(src)))); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestDepsDepUseMatch(t *testing.T) {
	tests := []struct {
		eco          depEco
		pattern, imp string
		want         bool
	}{
		{depsEcoGo, "go.opentelemetry.io/otel", "go.opentelemetry.io/otel/sdk/trace", true},
		{depsEcoGo, "go.opentelemetry.io/otel", "go.opentelemetry.io/otelx", false},
		{depsEcoGo, "go.opentelemetry.io/otel", "go.opentelemetry.io/contrib/x", false},
		{depsEcoNPM, "@opentelemetry/*", "@opentelemetry/api", true},
		{depsEcoNPM, "pino", "pino-http", false},
		{depsEcoPython, "opentelemetry", "opentelemetry.sdk.trace", true},
		{depsEcoPython, "statsd", "statsd_exporter", false},
		{depsEcoJava, "io.micrometer", "io.micrometer.core.instrument.Counter", true},
		{depsEcoJava, "brave", "bravery.Thing", false},
		{depsEcoDotnet, "Sentry", "Sentry.AspNetCore", true},
		{depsEcoRuby, "OpenTelemetry::SDK", "OpenTelemetry::SDK", true},
		{depsEcoRuby, "Datadog", "Datadog::Statsd", true},
		{depsEcoRuby, "statsd", "statsd/instrument", true},
		{depsEcoRuby, "Statsd", "StatsdClient", false},
	}
	for _, tt := range tests {
		if got := depUseMatch(tt.eco, tt.pattern, tt.imp); got != tt.want {
			t.Errorf("depUseMatch(%s, %q, %q) = %v, want %v", tt.eco, tt.pattern, tt.imp, got, tt.want)
		}
	}
}

func TestDepsSourceEco(t *testing.T) {
	tests := map[string]depEco{
		"cmd/api/main.go": depsEcoGo, "cmd/api/main_test.go": "", "api/v1/service.pb.go": "", "tools.go": "",
		"src/index.ts": depsEcoNPM, "src/types.d.ts": "", "vite.config.ts": "", "sentry.client.config.ts": depsEcoNPM, "src/app/app.config.ts": depsEcoNPM, "src/App.test.tsx": "", "src/__tests__/a.js": "",
		"dist/bundle.js": "", "public/js/app.min.js": "", "scripts/seed.js": "", "src/App.vue": depsEcoNPM,
		"app/views.py": depsEcoPython, "tests/test_views.py": "", "app/test_views.py": "", "setup.py": "", "conftest.py": "",
		"src/main/java/a/B.java": depsEcoJava, "src/test/java/a/BTest.java": "", "src/main/kotlin/a/B.kt": depsEcoJava, "build.gradle.kts": "",
		"Api/Program.cs": depsEcoDotnet, "Api.Tests/ProgramTests.cs": "", "Api/Form.Designer.cs": "", "obj/Debug/x.cs": "",
		"app/models/user.rb": depsEcoRuby, "spec/models/user_spec.rb": "", "config.ru": depsEcoRuby, "README.md": "",
	}
	for p, want := range tests {
		if got := depsSourceEco(p); got != want {
			t.Errorf("depsSourceEco(%q) = %q, want %q", p, got, want)
		}
	}
	if depsTestSourceEco("cmd/api/main_test.go") != depsEcoGo || depsTestSourceEco("cmd/api/main.go") != "" {
		t.Error("depsTestSourceEco does not select test files")
	}
}

func TestDepsTestPath(t *testing.T) {
	tests := map[string]bool{
		"internal/x_test.go": true, "test/e2e/main.go": true, "src/test/java/A.java": true, "spec/a_spec.rb": true,
		"src/a.spec.ts": true, "src/a.test.js": true, "Orders.Tests/Orders.Tests.csproj": true, "tests/requirements.txt": true,
		"src/App.stories.tsx": true, "src/main.go": false, "contest/main.go": false, "latest/app.py": false, "package.json": false,
		"src/main/java/ATest.java": true, "src/main/java/Attest.java": false,
	}
	for p, want := range tests {
		if got := depsTestPath(p); got != want {
			t.Errorf("depsTestPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestDepsGeneratedSource(t *testing.T) {
	tests := map[string]bool{
		"// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x":  true,
		"// <auto-generated/>\nusing System;":                          true,
		"/* @generated */":                                             true,
		"package x\n// generate the report, do not edit by hand later": false,
	}
	for src, want := range tests {
		if got := depsGeneratedSource([]byte(src)); got != want {
			t.Errorf("generatedSource(%q) = %v, want %v", src, got, want)
		}
	}
}

// depsMarkerLines renders the markers of a file as "kind:name:type@line".
func depsMarkerLines(p, src string) string {
	f := depsParseSourceFacts(p, []byte(src))
	var out []string
	for _, m := range f.Markers {
		out = append(out, fmt.Sprintf("%s:%s:%s@%d", m.Kind, m.Name, m.Type, m.Line))
	}
	return strings.Join(out, " ")
}

func TestDepsMarkers(t *testing.T) {
	tests := []struct{ name, path, src, want string }{
		{"go prometheus with namespace", "m.go", "package m\nimport \"github.com/prometheus/client_golang/prometheus\"\nvar c = prometheus.NewCounterVec(prometheus.CounterOpts{\n" +
			"\tNamespace: \"shop\", Subsystem: \"cart\",\n\tName: \"items_total\",\n}, nil)\n// prometheus.NewGauge(prometheus.GaugeOpts{Name: \"commented\"})\n",
			"metric:shop_cart_items_total:counter@3"},
		{"go statsd call needs a statsd import", "m.go", "package m\nimport \"strings\"\nfunc f(c C) { c.Count(\"x.y\", 1, nil, 1) }\n", ""},
		{"go statsd call", "m.go", "package m\nimport \"github.com/DataDog/datadog-go/v5/statsd\"\nfunc f(c *statsd.Client) { c.Incr(\"orders.placed\", nil, 1) }\n",
			"metric:orders.placed:counter@3"},
		{"go slog text handler", "m.go", "package m\nimport (\n\t\"log/slog\"\n\t\"os\"\n)\nvar l = slog.New(slog.NewTextHandler(os.Stderr, nil))\n", "slog-handler:Text:@6"},
		{"go request id header", "m.go", "package m\nconst h = \"X-Request-Id\"\n", "correlation-header:X-Request-Id:@2"},
		{"python collections counter is no metric", "m.py", "from collections import Counter\nc = Counter(\"abc\")\n", ""},
		{"python otel meter", "m.py", "from opentelemetry import metrics\nm = metrics.get_meter(__name__)\nh = m.create_histogram(name=\"queue.wait\", unit=\"s\")\n",
			"metric:queue.wait:histogram@3"},
		{"js prom-client", "m.ts", "import client from 'prom-client';\nconst g = new client.Gauge<string>({\n  help: 'x',\n  name: 'queue_depth',\n});\n",
			"metric:queue_depth:gauge@2"},
		{"java prometheus", "M.java", "import io.prometheus.client.Counter;\nclass M { static final Counter c = Counter.build()\n  .name(\"requests_total\").help(\"h\").register(); }\n",
			"metric:requests_total:counter@2"},
		{"csharp meter", "M.cs", "using System.Diagnostics.Metrics;\nvar c = meter.CreateCounter<long>(\"orders.created\");\n", "metric:orders.created:counter@2"},
		{"ruby yabeda", "m.rb", "Yabeda.configure do\n  group :shop do\n    counter :orders_total, comment: 'x'\n  end\nend\n", "metric:orders_total:counter@3"},
		{"audit structured", "a.py", "import structlog\naudit_log = structlog.get_logger('audit')\naudit_log.info('deleted', user_id=u.id)\n", "audit-structured::@2 audit-structured::@3"},
		{"audit without a user", "a.go", "package a\nvar auditLog = newLogger(\"audit\")\nfunc f() { auditLog.Info(\"rotated keys\") }\n", ""},
		{"health class", "H.cs", "public class RedisHealthCheck : IHealthCheck { }\npublic class Ping : IHealthCheck { }\n",
			"health-indicator-dep:RedisHealthCheck:@1 health-indicator:Ping:@2"},
		{"generated file has no facts", "g.go", "// Code generated by x. DO NOT EDIT.\npackage g\nconst h = \"X-Request-ID\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := depsMarkerLines(tt.path, tt.src); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDepsMetricType(t *testing.T) {
	tests := map[string]string{
		"Counter": "counter", "UpDownCounter": "up-down counter", "counterBuilder": "counter", "Incr": "counter", "histogramBuilder": "histogram",
		"Gauge": "gauge", "recordGaugeValue": "gauge", "distribution": "histogram", "Timer": "timer", "measure": "timer", "Meter": "meter",
		"AddSample": "summary", "Summary": "summary", "": "metric", "Info": "metric",
	}
	for in, want := range tests {
		if got := depsMetricType(in); got != want {
			t.Errorf("metricType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDepsCatalogIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range depCatalog {
		if seen[l.ID] {
			t.Errorf("duplicate catalog ID %s", l.ID)
		}
		seen[l.ID] = true
		if len(l.Roles) == 0 {
			t.Errorf("%s has no role", l.ID)
		}
		if l.Use == nil && l.Marker == "" && l.Launch == "" && l.Config == "" && l.Auto == nil {
			t.Errorf("%s can never be found in use", l.ID)
		}
		if l.Primary && l.Decl == nil {
			t.Errorf("%s is primary without a declaration", l.ID)
		}
		if l.Marker != "" && l.Says == "" {
			t.Errorf("%s has a marker but no sentence", l.ID)
		}
		if l.Decl != nil && l.Title == "" && l.Marker == "" {
			t.Errorf("%s needs a title for its declaration proof", l.ID)
		}
		if l.Marker != "" && !depsMarkerKindExists(l.Eco, l.Marker) {
			t.Errorf("%s uses unknown marker %q", l.ID, l.Marker)
		}
		if l.Launch != "" && depsLauncherSays(l.Launch) == "" {
			t.Errorf("%s uses unknown launcher %q", l.ID, l.Launch)
		}
	}
}

func depsMarkerKindExists(eco depEco, kind string) bool {
	for _, d := range depsMarkerDefs[eco] {
		if d.Kind == kind || d.Refine != nil && strings.HasPrefix(kind, d.Kind) {
			return true
		}
	}
	return false
}
