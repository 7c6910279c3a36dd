/**
 * The `humanize` template library (django.contrib.humanize): numbers and
 * dates for people. `{% load humanize %}` then `{{ 4500000|intcomma }}`
 * (4,500,000), `intword` (4.5 million), `ordinal` (3rd), `apnumber` (three),
 * `naturalday` (yesterday) and `naturaltime` (3 minutes ago). English only:
 * Manouche has no translations.
 *
 * @example
 * TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true, OPTIONS: { libraries: { humanize: humanizeLibrary } } }]
 */
import { builtinFilters, timesince } from '../../template/defaultfilters';
import { localtime } from '../../template/dateformat';
import { Library } from '../../template/library';
import { numberFormat } from '../../template/numberformat';
import { SafeString } from '../../template/safe';

const NBSP = '\u00a0';

/**
 * Python's int(value): integers, integral strings (with signs, spaces and
 * digit underscores) and booleans; floats are cut toward zero. Null where
 * int() would raise. A BigInt, as Python's ints have no size limit.
 */
function pyInt(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  if (typeof value === 'string' && /^\s*[-+]?\d(?:_?\d)*\s*$/.test(value)) return BigInt(value.trim().replace(/_/g, ''));
  return null;
}

/** A BigInt back as a number where that is exact (templates and other filters expect numbers), else its digits. */
function intValue(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : String(n);
}

const ORDINAL_SUFFIXES = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'];

/** 1 → '1st', 12 → '12th', 103 → '103rd'; negative numbers as they are; what is not an integer unchanged. */
export function ordinal(value: unknown): unknown {
  const n = pyInt(value);
  if (n === null) return value;
  if (n < 0n) return String(n);
  const hundred = Number(n % 100n);
  return new SafeString(`${n}${hundred >= 11 && hundred <= 13 ? 'th' : ORDINAL_SUFFIXES[hundred % 10]}`);
}

/** Digits in groups of three with commas: 45000 → '45,000', '1234567.1234567' → '1,234,567.1234567'. */
export function intcomma(value: unknown): string {
  const n = typeof value === 'number' && !Number.isInteger(value) ? null : pyInt(value);
  if (n !== null) return numberFormat(String(n), null, { forceGrouping: true });
  // (A fraction that prints with an exponent, 1e-7, has no digits to group.)
  if (typeof value === 'number' && Number.isFinite(value) && !/e/i.test(String(value))) return numberFormat(String(value), null, { forceGrouping: true });
  // Anything else as text, its leading integer grouped (Django's use_l10n=False path).
  const text = value === null || value === undefined ? 'None' : String(value);
  const m = /^-?\d+/.exec(text);
  if (!m) return text;
  const sign = m[0][0] === '-' ? '-' : '';
  const digits = m[0].slice(sign.length);
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',') + text.slice(m[0].length);
}

const INTWORD_POWERS: ReadonlyArray<[number, string]> = [
  [6, 'million'],
  [9, 'billion'],
  [12, 'trillion'],
  [15, 'quadrillion'],
  [18, 'quintillion'],
  [21, 'sextillion'],
  [24, 'septillion'],
  [27, 'octillion'],
  [30, 'nonillion'],
  [33, 'decillion'],
  [100, 'googol'],
];

const floatformat = builtinFilters.get('floatformat')!.fn;

/** Large integers in words: 1000000 → '1.0 million', 1200000000 → '1.2 billion'; below a million unchanged. */
export function intword(value: unknown): unknown {
  const n = pyInt(value);
  if (n === null) return value;
  const abs = n < 0n ? -n : n;
  if (abs < 1_000_000n) return intValue(n);
  for (const [exponent, name] of INTWORD_POWERS) {
    const large = 10n ** BigInt(exponent);
    if (abs < large * 1000n) return `${String(floatformat(Number(n) / Number(large), 1))} ${name}`;
  }
  return intValue(n);
}

const AP_NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** 1 to 9 in words, as the Associated Press style has it; other numbers unchanged. */
export function apnumber(value: unknown): unknown {
  const n = pyInt(value);
  if (n === null) return value;
  return n > 0n && n < 10n ? AP_NUMBERS[Number(n) - 1] : intValue(n);
}

const dateFilter = builtinFilters.get('date')!.fn;

/** 'today', 'tomorrow' or 'yesterday' in the engine's time zone; other dates through the `date` filter with `format`. */
export function naturalday(value: unknown, format?: string): unknown {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
  const dayNumber = (d: Date) => {
    const l = localtime(d);
    return Date.UTC(l.getFullYear(), l.getMonth(), l.getDate()) / 86_400_000;
  };
  const delta = dayNumber(value) - dayNumber(new Date());
  if (delta === 0) return 'today';
  if (delta === 1) return 'tomorrow';
  if (delta === -1) return 'yesterday';
  return dateFilter(value, format);
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many.replace('%d', String(count));
}

/** How long ago or ahead a moment is: 'now', '29 seconds ago', 'an hour from now', '1 year, 4 months ago'. */
export function naturaltime(value: unknown, now: Date = new Date()): unknown {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
  const past = value.getTime() < now.getTime();
  const seconds = Math.floor(Math.abs(now.getTime() - value.getTime()) / 1000);
  const when = past ? 'ago' : 'from now';
  if (seconds >= 86_400) return `${past ? timesince(value, now) : timesince(now, value)} ${when}`;
  if (seconds === 0) return 'now';
  if (seconds < 60) return `${plural(seconds, 'a second', `%d${NBSP}seconds`)} ${when}`;
  if (seconds < 3600) return `${plural(Math.floor(seconds / 60), 'a minute', `%d${NBSP}minutes`)} ${when}`;
  return `${plural(Math.floor(seconds / 3600), 'an hour', `%d${NBSP}hours`)} ${when}`;
}

/** `{% load humanize %}`: the six filters under Django's names. */
export const humanizeLibrary = new Library()
  .filter('ordinal', ordinal, { isSafe: true })
  .filter('intcomma', intcomma, { isSafe: true })
  .filter('intword', intword)
  .filter('apnumber', apnumber, { isSafe: true })
  .filter('naturalday', (value, arg) => naturalday(value, arg === undefined ? undefined : String(arg)), { arg: 'optional' })
  .filter('naturaltime', (value) => naturaltime(value));
