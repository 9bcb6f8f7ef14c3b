import express from 'express';
import pino from 'pino';
import pinoHttp from 'pino-http';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const app = express();
app.use(pinoHttp({ logger }));
app.listen(3000, () => logger.info({ port: 3000 }, 'listening'));
