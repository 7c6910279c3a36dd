/**
 * Date, time and duration input parsing for the form fields: Python's
 * strptime over Django's *_INPUT_FORMATS, Django's parse_datetime (ISO 8601
 * with an offset) and parse_duration. Every pattern is anchored and has no
 * nested quantifier, so hostile input is rejected in linear time.
 */

export { DATE_INPUT_FORMATS, TIME_INPUT_FORMATS, DATETIME_INPUT_FORMATS } from '../conf/locale/formats';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

const compiled = new Map<string, { re: RegExp; keys: string[] }>();

function compile(format: string): { re: RegExp; keys: string[] } {
  let c = compiled.get(format);
  if (c) return c;
  const keys: string[] = [];
  let src = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      const d = format[++i];
      const group: Record<string, string> = {
        Y: '(\\d{4})', y: '(\\d{2})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})', f: '(\\d{1,6})',
        b: '([A-Za-z]{3})', B: '([A-Za-z]{3,9})', I: '(\\d{1,2})', p: '([AaPp][Mm])',
      };
      if (d === '%') src += '%';
      else if (group[d]) {
        src += group[d];
        keys.push(d);
      } else throw new Error(`Unsupported input format directive %${d} in '${format}'.`);
    } else if (ch === ' ') src += '\\s+';
    else src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  c = { re: new RegExp(`^${src}$`), keys };
  compiled.set(format, c);
  return c;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Python's strptime: the parts, or null when `text` does not match `format` or names an impossible date. */
export function strptime(text: string, format: string): Parts | null {
  if (text.length > 64) return null;
  const { re, keys } = compile(format);
  const m = re.exec(text);
  if (!m) return null;
  const p: Parts = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0 };
  let hour12: number | null = null;
  let pm = false;
  for (let i = 0; i < keys.length; i++) {
    const v = m[i + 1];
    switch (keys[i]) {
      case 'Y':
        p.year = Number(v);
        break;
      case 'y': {
        const n = Number(v);
        p.year = n < 69 ? 2000 + n : 1900 + n;
        break;
      }
      case 'm':
        p.month = Number(v);
        break;
      case 'd':
        p.day = Number(v);
        break;
      case 'H':
        p.hour = Number(v);
        break;
      case 'M':
        p.minute = Number(v);
        break;
      case 'I':
        hour12 = Number(v);
        if (hour12 < 1 || hour12 > 12) return null;
        break;
      case 'p':
        pm = v.toLowerCase() === 'pm';
        break;
      case 'S':
        p.second = Number(v);
        break;
      case 'f':
        p.micro = Number(v.padEnd(6, '0'));
        break;
      case 'b':
      case 'B': {
        const name = v.toLowerCase();
        const idx = MONTHS.findIndex((full) => (keys[i] === 'b' ? full.slice(0, 3) === name : full === name));
        if (idx < 0) return null;
        p.month = idx + 1;
        break;
      }
    }
  }
  // Python: %I is 12-hour, read with %p ('12 AM' is midnight); without %p it is AM
  if (hour12 !== null) p.hour = (hour12 % 12) + (pm ? 12 : 0);
  if (p.year < 1 || p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysIn(p.year, p.month)) return null;
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  return p;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}
function dateText(p: Parts): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}
function timeText(p: Parts): string {
  const base = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  return p.micro ? `${base}.${pad(p.micro, 6)}` : base;
}

/** 'YYYY-MM-DD' from the first format that reads `text`. */
export function parseDate(text: string, formats: readonly string[]): string | null {
  for (const f of formats) {
    const p = strptime(text, f);
    if (p) return dateText(p);
  }
  return null;
}

/** 'HH:MM:SS[.ffffff]' from the first format that reads `text`. */
export function parseTime(text: string, formats: readonly string[]): string | null {
  for (const f of formats) {
    const p = strptime(text, f);
    if (p) return timeText(p);
  }
  return null;
}

const ISO_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A Date: Django first tries ISO 8601 (with an optional offset; naive
 * values are read as UTC), then the input formats (the field passes the
 * datetime formats followed by the date formats, which give midnight).
 */
export function parseDateTime(text: string, formats: readonly string[]): Date | null {
  if (text.length > 64) return null;
  const m = ISO_DATETIME.exec(text);
  if (m) {
    const p: Parts = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: m[6] ? +m[6] : 0, micro: m[7] ? Number(m[7].padEnd(6, '0')) : 0 };
    if (p.month >= 1 && p.month <= 12 && p.day >= 1 && p.day <= daysIn(p.year, p.month) && p.hour < 24 && p.minute < 60 && p.second < 60) {
      let ms = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, Math.floor(p.micro / 1000));
      const tz = m[8];
      if (tz && tz !== 'Z') {
        const sign = tz[0] === '-' ? -1 : 1;
        const digits = tz.slice(1).replace(':', '');
        ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60000;
      }
      const d = new Date(ms);
      d.setUTCFullYear(p.year); // years below 100 are not shifted to 19xx
      if (tz && tz !== 'Z') return new Date(ms);
      return d;
    }
  }
  for (const f of formats) {
    const p = strptime(text, f);
    if (p) {
      const d = new Date(Date.UTC(2000, 0, 1, p.hour, p.minute, p.second, Math.floor(p.micro / 1000)));
      d.setUTCFullYear(p.year, p.month - 1, p.day);
      return d;
    }
  }
  return null;
}

const STANDARD_DURATION = /^(?:(-?\d{1,10}) (?:days?, )?)?(-?)(?:(\d{1,10}):(?=\d+:\d+))?(?:(\d{1,10}):)?(\d{1,12})(?:[.,](\d{1,6})\d{0,6})?$/;
const ISO8601_DURATION = /^([-+]?)P(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const POSTGRES_INTERVAL = /^(?:([-+]?\d{1,9}) days? ?)?(?:([-+])?(\d{1,10}):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?$/;

/** Django's parse_duration: milliseconds, or null. */
export function parseDuration(text: string): number | null {
  if (text.length > 64 || text === '') return null;
  let m = STANDARD_DURATION.exec(text);
  if (m) {
    const days = Number(m[1] ?? 0);
    const sign = m[2] === '-' ? -1 : 1;
    const micro = m[6] ? Number(m[6].padEnd(6, '0')) : 0;
    const rest = (Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5])) * 1000 + micro / 1000;
    return days * 86400000 + sign * rest;
  }
  m = ISO8601_DURATION.exec(text);
  if (m && (m[2] || m[3] || m[4] || m[5])) {
    const n = (s: string | undefined) => Number((s ?? '0').replace(',', '.'));
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (((n(m[2]) * 24 + n(m[3])) * 60 + n(m[4])) * 60 + n(m[5])) * 1000;
  }
  m = POSTGRES_INTERVAL.exec(text);
  if (m && (m[1] || m[3])) {
    const days = Number(m[1] ?? 0);
    const sign = m[2] === '-' ? -1 : 1;
    const rest = m[3] ? (Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5])) * 1000 + (m[6] ? Number(m[6].padEnd(6, '0')) / 1000 : 0) : 0;
    return days * 86400000 + sign * rest;
  }
  return null;
}

/** Django's duration_string: '[D ]HH:MM:SS[.ffffff]'. */
export function durationString(ms: number): string {
  const totalMicro = Math.round(ms * 1000);
  let days = Math.floor(totalMicro / 86400e6);
  let rest = totalMicro - days * 86400e6;
  if (rest < 0) {
    days -= 1;
    rest += 86400e6;
  }
  const hours = Math.floor(rest / 3600e6);
  const minutes = Math.floor((rest % 3600e6) / 60e6);
  const seconds = Math.floor((rest % 60e6) / 1e6);
  const micro = rest % 1e6;
  let out = `${days ? `${days} ` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (micro) out += `.${pad(micro, 6)}`;
  return out;
}
