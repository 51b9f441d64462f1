/** Dates as the portal prints them, always in Vietnam's time zone. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const datelineFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// formatToParts is the costliest call in a page render (≈0.1 ms), and the same article dates come
// back on many pages (listings, related articles): each instant is formatted once per build.
const partsCache = new Map<number, Record<string, string>>();

function parts(date: Date): Record<string, string> {
  const key = date.getTime();
  let found = partsCache.get(key);
  if (!found) {
    // Bounded for the long-running preview server; a build of 200,000 articles stays under it.
    if (partsCache.size >= 500_000) partsCache.clear();
    found = Object.fromEntries(datelineFormat.formatToParts(date).map((p) => [p.type, p.value]));
    partsCache.set(key, found);
  }
  return found;
}

/** "Thứ Năm, 13/01/2022 | 16:37", like the seed page. */
export function dateline(date: Date): string {
  const p = parts(date);
  const weekday = p.weekday!.charAt(0).toUpperCase() + p.weekday!.slice(1);
  return `${weekday}, ${p.day}/${p.month}/${p.year} | ${p.hour}:${p.minute}`;
}

/** "13/01/2022" */
export function shortDate(date: Date): string {
  const p = parts(date);
  return `${p.day}/${p.month}/${p.year}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 822 date in Vietnam's offset for RSS: "Thu, 13 Jan 2022 16:37:00 +0700". */
export function rfc822Vietnam(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000); // Vietnam has no daylight saving time
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} +0700`;
}

/** ISO 8601 with the +07:00 offset, for JSON-LD and <time datetime>. */
export function isoVietnam(date: Date): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  return local.toISOString().replace(/\.\d{3}Z$/, '+07:00');
}
