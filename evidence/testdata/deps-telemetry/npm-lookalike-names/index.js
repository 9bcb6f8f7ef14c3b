const pinot = require('pinot-client');
const otel = require('opentelemetry');
const shim = require('winston-compat-shim');
const prom = require('prom-client-lite');
module.exports = { pinot, otel, shim, prom };
