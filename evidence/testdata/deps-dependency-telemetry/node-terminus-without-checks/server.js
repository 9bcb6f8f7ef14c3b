const http = require('http');
const { createTerminus } = require('@godaddy/terminus');
const app = require('./app');

// Graceful shutdown only: no health checks registered.
createTerminus(http.createServer(app), { signal: 'SIGTERM' }).listen(3000);
