import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('gateway');
export const upstreamErrors = meter.createCounter('gateway.upstream.errors', { description: 'Upstream errors' });
