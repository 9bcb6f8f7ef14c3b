const pino = require('pino');
pino().info('building');
