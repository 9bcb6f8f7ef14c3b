package com.acme.orders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

public class OrderMetrics {
    private final Counter placed;
    private final Timer fulfilment;

    public OrderMetrics(MeterRegistry registry) {
        placed = Counter.builder("orders.placed").description("Orders placed").register(registry);
        fulfilment = Timer.builder("orders.fulfilment").register(registry);
    }
}
