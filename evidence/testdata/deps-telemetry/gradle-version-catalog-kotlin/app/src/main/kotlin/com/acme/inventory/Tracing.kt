package com.acme.inventory

import io.opentelemetry.api.GlobalOpenTelemetry
import io.opentelemetry.sdk.trace.SdkTracerProvider

fun tracer() = GlobalOpenTelemetry.getTracer("inventory")
