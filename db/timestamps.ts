/**
 * The API's timestamp format, second precision in UTC ("2026-12-01T20:11:40Z"): every answer, webhook payload and
 * operator table uses it. 'YYYY-MM-DDTHH:mm:ss.sssZ' is what toISOString gives for every year a row can carry.
 */
export function formatTimestamp(value: Date): string;
export function formatTimestamp(value: Date | null): string | null;
export function formatTimestamp(value: Date | null): string | null {
  return value === null ? null : `${value.toISOString().slice(0, 19)}Z`;
}

/**
 * formatTimestamp's format rendered by Postgres, for JSON that Postgres builds (db/integrations.ts PRESENTED_JSON):
 * truncated to the second like toISOString().slice, in UTC. test/db/presented-json.test.ts checks the two agree.
 */
export function timestampSql(expression: string): string {
  return `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
}
