// How the dashboard writes times, durations and sizes: in the viewer's zone and words, never raw ISO or bytes.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateTimeSecondsFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** 14:03:27, in the viewer's zone. */
export function formatTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '';
}

/** 30 Nov 2026, 14:03 (with seconds when asked), in the viewer's zone. */
export function formatDateTime(iso, { seconds = false } = {}) {
  if (!iso) return '';
  return (seconds ? dateTimeSecondsFormat : dateTimeFormat).format(new Date(iso));
}

/** "3 min ago", "in 2 h". */
export function formatRelative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const units = [['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  return relativeFormat.format(seconds, 'second');
}

/** 2 min 5 s, 1 h 3 min, 850 ms. */
export function formatDuration(milliseconds) {
  if (milliseconds === null || milliseconds === undefined || Number.isNaN(milliseconds)) return '';
  if (milliseconds < 1000) return `${Math.max(0, Math.round(milliseconds))} ms`;
  const total = Math.round(milliseconds / 1000);
  const [days, hours, minutes, seconds] = [Math.floor(total / 86_400), Math.floor(total / 3_600) % 24, Math.floor(total / 60) % 60, total % 60];
  const parts = [[days, 'd'], [hours, 'h'], [minutes, 'min'], [seconds, 's']].filter(([value]) => value > 0);
  return parts.slice(0, 2).map(([value, unit]) => `${value} ${unit}`).join(' ');
}

/** The time between two instants (the second one now when left out). */
export function formatElapsed(fromIso, toIso) {
  if (!fromIso) return '';
  return formatDuration((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso));
}

/** 512 B, 3.4 KiB, 12.0 MiB. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 12.5/s, 0.2/s, 0/s. */
export function formatRate(perSecond) {
  if (!perSecond) return '0/s';
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
}

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** 7,210: a whole number, such as credits, with the viewer's grouping. */
export function formatCount(value) {
  return countFormat.format(value ?? 0);
}
