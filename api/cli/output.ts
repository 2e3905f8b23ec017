/** Where a command writes: stdout for results, stderr for progress and errors; `tty` decides progress lines. */
export interface Output {
  json: boolean;
  tty: boolean;
  out(text: string): void;
  err(text: string): void;
  /** One status line rewritten in place on stderr (a terminal only); undefined clears it. */
  progress(line: string | undefined): void;
}

/** The process' own streams. Progress only when both are terminals: with stdout piped, stderr is often a log file. */
export function processOutput(json: boolean): Output {
  const tty = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  let shown = false;
  return {
    json,
    tty,
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    progress(line) {
      if (!tty || (line === undefined && !shown)) return;
      process.stderr.write(`\r\x1b[K${line ?? ''}`);
      shown = line !== undefined;
    },
  };
}

export interface Column<T> {
  title: string;
  value: (row: T) => unknown;
}

/** One cell: null and undefined as `-`, lists comma-joined, control characters (a hostile title) made visible. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
  return text === '' ? '-' : text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** A plain aligned table like `gh` prints: a header row, two spaces between columns, no borders. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [columns.map((c) => c.title), ...rows.map((r) => columns.map((c) => cell(c.value(r))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells.map((line) => line.map((text, i) => (i === line.length - 1 ? text : text.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** `key: value` lines for one object (get, connect, verify). */
export function renderFields(fields: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n');
}

/** The machine form: the API's own data, pretty-printed so `jq` and humans both read it. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Every item of a cursor-paged list (the SDK's async iterators), up to `limit`. */
export async function collect<T>(items: AsyncIterable<T>, limit?: number): Promise<T[]> {
  const all: T[] = [];
  if (limit === 0) return all;
  for await (const item of items) {
    all.push(item);
    if (limit !== undefined && all.length >= limit) break;
  }
  return all;
}
