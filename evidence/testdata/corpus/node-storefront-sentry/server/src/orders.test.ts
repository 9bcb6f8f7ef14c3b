import { describe, it, expect } from 'vitest';
import winston from 'winston';

describe('orders', () => {
  it('logs', () => {
    expect(winston.createLogger()).toBeTruthy();
  });
});
