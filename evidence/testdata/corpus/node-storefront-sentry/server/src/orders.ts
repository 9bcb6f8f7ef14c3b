import { Router } from 'express';
import { logger } from './index';

const auditLog = logger.child({ stream: 'audit' });

export const ordersRouter = Router();

ordersRouter.delete('/:id', (req, res) => {
  auditLog.info({ userId: req.header('x-user-id'), action: 'order.cancelled', orderId: req.params.id }, 'order cancelled');
  res.status(204).end();
});
