// How the job commands (schedule, status, enqueue) write times and durations: local time of the
// organisation (impact.yaml `timezone`), to the minute, with how far away it is.
const formats = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-24 02:00` in the given time zone. */
export function localTime(ms: number, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
    formats.set(timeZone, f);
  }
  return f.format(ms);
}

/** `in 5 h 47 min`, `3 min ago`, `now`. */
export function relative(ms: number, now = Date.now()): string {
  const diff = ms - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes === 0) return diff >= 0 ? 'within a minute' : 'just now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const text = [days && `${days} d`, hours && `${hours} h`, !days && mins && `${mins} min`]
    .filter(Boolean)
    .join(' ');
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
