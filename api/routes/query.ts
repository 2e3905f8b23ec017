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
