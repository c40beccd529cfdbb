// Dates as people read them, amounts typed by people turned into integer
// minor units without ever passing through a float, and byte counts. No UI
// and no imports, so node's test runner loads it as it is.

// parseDate reads PocketBase's "2026-01-31 12:00:00.000Z" and plain
// "2026-01-31" days; null for empty values.
export function parseDate(value) {
  if (!value) return null;
  const s = String(value).trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : new Date(s.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

// formatDay shows the calendar day of a stored date (billing days are UTC
// midnights, so the day is read in UTC).
export function formatDay(value) {
  const d = parseDate(value);
  return d ? dayFormat.format(d) : '—';
}

// formatTime shows a moment in the reader's own timezone.
export function formatTime(value) {
  const d = parseDate(value);
  return d ? timeFormat.format(d) : '—';
}

// toMinorUnits reads "12.50" as 1250 for a currency of 2 decimals, exactly:
// the digits are joined as text. null when the text is not an amount.
export function toMinorUnits(text, decimals) {
  const s = String(text ?? '').trim().replace(/\s/g, '');
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[2] || '';
  if (frac.length > decimals) return null;
  const minor = Number(m[1] + frac.padEnd(decimals, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

// formatBytes shows a byte count in binary units: 21474836480 → "20 GiB".
export function formatBytes(n) {
  if (!Number.isSafeInteger(n) || n < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let whole = n;
  while (whole >= 1024 && i < units.length - 1) { whole /= 1024; i += 1; }
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: whole < 10 && i > 0 ? 1 : 0 }).format(whole)} ${units[i]}`;
}
