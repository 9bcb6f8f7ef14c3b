import express from 'express';
import pino from 'pino';
import pinoHttp from 'pino-http';
import { randomUUID } from 'node:crypto';
import { ordersRouter } from './orders';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

const app = express();
app.use(
  pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = (req.headers['x-request-id'] as string) ?? randomUUID();
      res.setHeader('X-Request-ID', id);
      return id;
    },
  }),
);
app.use('/api/orders', ordersRouter);
app.get('/api/items', (_req, res) => res.json(['tea', 'coffee']));
app.get('/healthz', (_req, res) => res.send('ok'));
app.listen(3000, () => logger.info({ port: 3000 }, 'listening'));
