import pino, { type Logger, type LoggerOptions } from 'pino';
import { traceLogFields } from './tracing.js';

/**
 * Structured JSON logs (pino: fast, with path-based redaction built in). Anything that could carry a secret is
 * censored by path, wherever a caller puts it.
 */
export const REDACT_PATHS = [
  'credentials',
  '*.credentials',
  'auth_code',
  '*.auth_code',
  'token',
  '*.token',
  'api_token',
  '*.api_token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
];

/**
 * `tracing`: each line written while a span is active carries its `trace_id` and `span_id` (a field the line sets
 * itself wins). Off, no mixin runs at all.
 */
export function createLogger(opts: { level: string; name: string; pretty?: boolean; destination?: pino.DestinationStream; tracing?: boolean }): Logger {
  const options: LoggerOptions = {
    level: opts.level,
    name: opts.name,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { service: opts.name },
    ...(opts.tracing ? { mixin: traceLogFields } : {}),
  };
  if (opts.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', singleLine: true, ignore: 'pid,hostname,service' } } });
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
