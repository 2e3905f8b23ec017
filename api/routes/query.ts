import type { Context } from 'koa';
import { z } from 'zod';

/**
 * A query-string integer from `min` to `max`: decimal digits only (no sign, exponent, fraction or spaces). Parsed from
 * the string the query holds, and documented (OpenAPI) as the integer it stands for, with its bounds.
 */
export function intQuery(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message)
    .meta({ type: 'integer', minimum: min, maximum: max });
}

/** Query values arrive as string | string[]; a repeated parameter stays an array, which a schema refuses rather than silently picking one. */
export function queryOf(ctx: Context): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, v ?? undefined]));
}

const INSTANT_MESSAGE = 'must be an ISO 8601 date-time, e.g. 2025-06-10T14:00:00Z';
const INSTANT_PARTS = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;
// Postgres reads neither year 0000 nor offsets past ±15:59, which ISO 8601 (and the pattern) allow: the instant is
// moved to UTC here, and clamped to the years a row can carry, so a valid value is never a 500.
const MIN_INSTANT_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59Z');

/**
 * A query-string instant (ISO 8601 with `Z` or an offset, any fraction) as the UTC text Postgres reads,
 * `YYYY-MM-DDTHH:mm:ss.ffffffZ`: microseconds kept (a JS Date would cut them to milliseconds), finer digits dropped.
 */
export function instantQuery(description: string) {
  return z.iso
    .datetime({ offset: true, error: INSTANT_MESSAGE })
    .refine((value) => utcInstant(value) !== undefined, INSTANT_MESSAGE)
    .transform((value) => utcInstant(value)!)
    .meta({ description });
}

function utcInstant(value: string): string | undefined {
  const [, seconds, fraction = '', zone] = INSTANT_PARTS.exec(value) ?? [];
  const parsed = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(parsed)) return undefined;
  const ms = Math.min(Math.max(parsed, MIN_INSTANT_MS), MAX_INSTANT_MS);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${fraction.padEnd(6, '0').slice(0, 6)}Z`);
}
