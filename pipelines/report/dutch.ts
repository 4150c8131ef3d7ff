// Dates and times as a Dutch reader writes them: 31-3-2025, 23-11-2026 21:05 (local time).
export function nlDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${d}-${m}-${y}`;
}

export function nlDateTime(when: string | Date, timeZone = 'Europe/Amsterdam'): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof when === 'string' ? new Date(when) : when);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}-${get('month')}-${get('year')} ${get('hour')}:${get('minute')}`;
}
