import pino from 'pino';

/**
 * One logger for every process. Request bodies are never logged; credentials are censored,
 * and everything a customer typed is redacted before it reaches a log line anyway.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]', 'res.headers["set-cookie"]'],
    censor: '[redacted]',
  },
});
export type Logger = typeof logger;
