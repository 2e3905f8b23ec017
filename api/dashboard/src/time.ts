const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** In the viewer's time zone and locale. */
export function formatLocal(iso: string): string {
  return absolute.format(new Date(iso));
}

export function formatRelative(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return relative.format(Math.round(diff / ms), unit);
  }
  return '';
}

/** A sync interval in seconds, in the largest whole unit: "every 6 hours". */
export function formatInterval(seconds: number): string {
  const unit = (n: number, name: string) => `every ${n === 1 ? '' : `${n} `}${name}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

export function formatDuration(startIso: string, endIso: string | null): string {
  if (!endIso) return 'running';
  const ms = Math.max(0, new Date(endIso).getTime() - new Date(startIso).getTime());
  // The API's timestamps have second precision: anything shorter is "under a second", not "0 ms".
  if (ms < 1000) return '< 1 s';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
