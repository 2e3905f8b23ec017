/**
 * The API's timestamp format, second precision in UTC ("2026-12-01T20:11:40Z"): every answer, webhook payload and
 * operator table uses it. 'YYYY-MM-DDTHH:mm:ss.sssZ' is what toISOString gives for every year a row can carry.
 */
export function formatTimestamp(value: Date): string;
export function formatTimestamp(value: Date | null): string | null;
export function formatTimestamp(value: Date | null): string | null {
  return value === null ? null : `${value.toISOString().slice(0, 19)}Z`;
}
