import winston from 'winston';
test('logs', () => { winston.createLogger(); });
