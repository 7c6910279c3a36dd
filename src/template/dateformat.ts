/**
 * Django's date format characters (django.utils.dateformat), on JavaScript
 * Dates: in the runtime's local time, or in the time zone a rendering engine
 * activated (Django's timezone.activate with TIME_ZONE). A backslash escapes
 * the next character.
 *
 * @example
 * formatDate(new Date(2008, 0, 2, 15, 4), 'jS F Y, P') // '2nd January 2008, 3:04 p.m.'
 */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The Date methods the formatters read (a JavaScript Date, or a Date seen in another time zone). */
export interface DateLike {
  getFullYear(): number;
  getMonth(): number;
  getDate(): number;
  getDay(): number;
  getHours(): number;
  getMinutes(): number;
  getSeconds(): number;
  getMilliseconds(): number;
  getTimezoneOffset(): number;
  getTime(): number;
}

let activeZone: string | undefined;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    zoneFormats.set(zone, f);
  }
  return f;
}

/** Throws RangeError unless `zone` is an IANA time zone the runtime knows. */
export function checkTimeZone(zone: string): void {
  zoneFormat(zone);
}

/**
 * Makes `zone` the time zone dates are formatted in until the previous one is
 * restored (Django's timezone.activate); returns the previous one.
 */
export function activateTimeZone(zone: string | undefined): string | undefined {
  const previous = activeZone;
  activeZone = zone;
  return previous;
}

/** A Date's wall-clock fields in a time zone. */
class ZonedDate implements DateLike {
  private readonly y: number;
  private readonly mo: number;
  private readonly d: number;
  private readonly h: number;
  private readonly mi: number;
  private readonly s: number;
  private readonly offsetMinutes: number;
  readonly zoneName: string;
  constructor(
    private readonly date: Date,
    readonly zone: string,
  ) {
    const parts: Record<string, string> = {};
    for (const p of zoneFormat(zone).formatToParts(date)) parts[p.type] = p.value;
    this.y = Number(parts.year);
    this.mo = Number(parts.month) - 1;
    this.d = Number(parts.day);
    this.h = Number(parts.hour) % 24;
    this.mi = Number(parts.minute);
    this.s = Number(parts.second);
    this.zoneName = parts.timeZoneName ?? zone;
    const t = date.getTime();
    const wall = Date.UTC(this.y, this.mo, this.d, this.h, this.mi, this.s);
    this.offsetMinutes = Math.round((wall - Math.floor(t / 1000) * 1000) / 60000);
  }
  getFullYear(): number {
    return this.y;
  }
  getMonth(): number {
    return this.mo;
  }
  getDate(): number {
    return this.d;
  }
  getDay(): number {
    return new Date(Date.UTC(this.y, this.mo, this.d)).getUTCDay();
  }
  getHours(): number {
    return this.h;
  }
  getMinutes(): number {
    return this.mi;
  }
  getSeconds(): number {
    return this.s;
  }
  getMilliseconds(): number {
    return this.date.getMilliseconds();
  }
  getTimezoneOffset(): number {
    return -this.offsetMinutes;
  }
  getTime(): number {
    return this.date.getTime();
  }
}

/** The date as the formatters should see it: in the active time zone, if any. */
export function localtime(d: Date): DateLike {
  return activeZone ? new ZonedDate(d, activeZone) : d;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function dayOfYear(d: DateLike): number {
  const start = Date.UTC(d.getFullYear(), 0, 1);
  const now = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return (now - start) / 86400000 + 1;
}

/** ISO 8601 week number and week-numbering year. */
function isoWeek(d: DateLike): [number, number] {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return [t.getUTCFullYear(), Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)];
}

function offset(d: DateLike, colon = false): string {
  const m = -d.getTimezoneOffset();
  const sign = m < 0 ? '-' : '+';
  const a = Math.abs(m);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

function hour12(d: DateLike): number {
  const h = d.getHours() % 12;
  return h === 0 ? 12 : h;
}

function timeF(d: DateLike): string {
  const m = d.getMinutes();
  return m === 0 ? String(hour12(d)) : `${hour12(d)}:${pad(m)}`;
}

function timeP(d: DateLike): string {
  if (d.getMinutes() === 0 && d.getHours() === 0) return 'midnight';
  if (d.getMinutes() === 0 && d.getHours() === 12) return 'noon';
  return `${timeF(d)} ${d.getHours() < 12 ? 'a.m.' : 'p.m.'}`;
}

function ordinal(day: number): string {
  if (day === 11 || day === 12 || day === 13) return 'th';
  const last = day % 10;
  return last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
}

function iso(d: DateLike): string {
  const us = d.getMilliseconds() ? `.${pad(d.getMilliseconds() * 1000, 6)}` : '';
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${us}${offset(d, true)}`;
}

const formatters: Record<string, (d: DateLike) => string> = {
  a: (d) => (d.getHours() < 12 ? 'a.m.' : 'p.m.'),
  A: (d) => (d.getHours() < 12 ? 'AM' : 'PM'),
  b: (d) => MONTHS[d.getMonth()].slice(0, 3).toLowerCase(),
  c: iso,
  d: (d) => pad(d.getDate()),
  D: (d) => DAYS[d.getDay()].slice(0, 3),
  e: (d) => (d instanceof ZonedDate ? d.zone : ''),
  E: (d) => MONTHS[d.getMonth()],
  f: timeF,
  F: (d) => MONTHS[d.getMonth()],
  g: (d) => String(hour12(d)),
  G: (d) => String(d.getHours()),
  h: (d) => pad(hour12(d)),
  H: (d) => pad(d.getHours()),
  i: (d) => pad(d.getMinutes()),
  I: () => '0',
  j: (d) => String(d.getDate()),
  l: (d) => DAYS[d.getDay()],
  L: (d) => (isLeap(d.getFullYear()) ? 'True' : 'False'),
  m: (d) => pad(d.getMonth() + 1),
  M: (d) => MONTHS[d.getMonth()].slice(0, 3),
  n: (d) => String(d.getMonth() + 1),
  N: (d) => MONTHS_AP[d.getMonth()],
  o: (d) => String(isoWeek(d)[0]),
  O: (d) => offset(d),
  P: timeP,
  r: (d) => `${DAYS[d.getDay()].slice(0, 3)}, ${pad(d.getDate())} ${MONTHS[d.getMonth()].slice(0, 3)} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${offset(d)}`,
  s: (d) => pad(d.getSeconds()),
  S: (d) => ordinal(d.getDate()),
  t: (d) => String(new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()),
  T: (d) => (d instanceof ZonedDate ? d.zoneName : d.getTimezoneOffset() === 0 ? 'UTC' : offset(d)),
  u: (d) => pad(d.getMilliseconds() * 1000, 6),
  U: (d) => String(Math.floor(d.getTime() / 1000)),
  w: (d) => String(d.getDay()),
  W: (d) => String(isoWeek(d)[1]),
  y: (d) => pad(d.getFullYear() % 100),
  Y: (d) => pad(d.getFullYear(), 4),
  z: (d) => String(dayOfYear(d)),
  Z: (d) => String(-d.getTimezoneOffset() * 60),
};

/** Formats a Date with Django's format characters (in the active time zone, if any). */
export function formatDate(date: Date, format: string): string {
  const d = localtime(date);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\') {
      i++;
      if (i < format.length) out += format[i];
      continue;
    }
    const f = formatters[c];
    out += f ? f(d) : c;
  }
  return out;
}

const timeChars = new Set('aAefgGhHiIOPsTuZ');

/** Formats the time part only; a date-only format character gives '' as Django's TimeFormat raises. */
export function formatTime(d: Date, format: string): string {
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (formatters[c] && !timeChars.has(c)) return '';
  }
  return formatDate(d, format);
}
