/**
 * ModelAdmin.date_hierarchy (Django's ChangeList date bounds and the
 * `date_hierarchy` template tag of admin_list): the year → month → day
 * drill-down above the change list.
 *
 * 1. `<field>__year` (with `__month`, `__day`) become one bounded range,
 *    `<field>__gte` / `<field>__lt`, so the query can use an index; a value
 *    that is not a date is IncorrectLookupParameters (the list goes to ?e=1).
 * 2. The links are the distinct years, months or days of the *filtered*
 *    queryset (dates()/datetimes()), so search and filters are respected.
 * 3. With no date chosen and every row in one year (or month), the level
 *    below is shown directly, as Django does with its Min/Max aggregate.
 *
 * Dates are read in UTC, as dates()/datetimes() truncate them.
 */
import { Max, Min } from '../../db/models/expressions';
import type { Field } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import { MONTHS } from '../../template/dateformat';
import { IncorrectLookupParameters, type QueryStringBuilder } from './filters';

export interface DateHierarchyChoice {
  link: string | null;
  title: string;
}
export interface DateHierarchyContext {
  back: { link: string; title: string } | null;
  choices: DateHierarchyChoice[];
}

const names = (field: string) => ({ year: `${field}__year`, month: `${field}__month`, day: `${field}__day` });

function dateField(opts: Options, name: string): Field {
  const f = opts.fieldsByName.get(name);
  if (!f || (f.type !== 'DateField' && f.type !== 'DateTimeField')) throw new IncorrectLookupParameters(`date_hierarchy '${name}' is not a DateField or DateTimeField`);
  return f;
}

function int(value: string, what: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new IncorrectLookupParameters(`${what} '${value}' is not a number`);
  return Number(value);
}

/**
 * Takes the hierarchy's parameters out of `lookups` and returns the range
 * filter they stand for (null when no year is given; a month or day without
 * a year stays an ordinary lookup, as in Django).
 */
export function popDateRange(opts: Options, field: string, lookups: Map<string, string>): Record<string, unknown> | null {
  const n = names(field);
  const year = lookups.get(n.year);
  if (year === undefined) return null;
  const month = lookups.get(n.month);
  const day = lookups.get(n.day);
  for (const k of [n.year, n.month, n.day]) lookups.delete(k);
  const y = int(year, 'year');
  const m = month === undefined ? 1 : int(month, 'month');
  const d = day === undefined ? 1 : int(day, 'day');
  const from = new Date(Date.UTC(y, m - 1, d));
  // Python's datetime() refuses day 31 of April and the like; Date.UTC would roll over.
  if (y < 1 || y > 9999 || from.getUTCFullYear() !== y || from.getUTCMonth() !== m - 1 || from.getUTCDate() !== d) {
    throw new IncorrectLookupParameters(`${year}-${month ?? 1}-${day ?? 1} is not a valid date`);
  }
  const to = day !== undefined ? new Date(Date.UTC(y, m - 1, d + 1)) : month !== undefined ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y + 1, 0, 1));
  const asValue = (date: Date) => (dateField(opts, field).type === 'DateField' ? date.toISOString().slice(0, 10) : date);
  return { [`${field}__gte`]: asValue(from), [`${field}__lt`]: asValue(to) };
}

/** A dates() string or a datetimes() Date as UTC year, month (1-12), day. */
function parts(value: unknown): { y: number; m: number; d: number } {
  const date = value instanceof Date ? value : new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}
const monthTitle = (m: number, y: number) => `${MONTHS[m - 1]} ${y}`; // Django's YEAR_MONTH_FORMAT 'F Y'
const dayTitle = (m: number, d: number) => `${MONTHS[m - 1]} ${d}`; // MONTH_DAY_FORMAT 'F j'

/**
 * The drill-down for a change list whose queryset is already filtered
 * (Django's date_hierarchy inclusion tag).
 */
export async function dateHierarchy(cl: QueryStringBuilder & { params: Map<string, string>; queryset: any; opts: Options }, field: string): Promise<DateHierarchyContext> {
  const f = dateField(cl.opts, field);
  const n = names(field);
  let year = cl.params.get(n.year);
  let month = cl.params.get(n.month);
  const day = cl.params.get(n.day);
  const link = (set: Record<string, string | number>) => cl.getQueryString(set, [`${field}__`]);
  const distinct = (kind: 'year' | 'month' | 'day'): Promise<unknown[]> => (f.type === 'DateTimeField' ? cl.queryset.datetimes(field, kind) : cl.queryset.dates(field, kind)).fetch();
  if (year === undefined && month === undefined && day === undefined) {
    const range = await cl.queryset.aggregate({ first: Min(field), last: Max(field) });
    if (range.first != null && range.last != null) {
      const a = parts(range.first);
      const b = parts(range.last);
      if (a.y === b.y) {
        year = String(a.y);
        if (a.m === b.m) month = String(a.m);
      }
    }
  }
  if (year !== undefined && month !== undefined && day !== undefined) {
    const m = Number(month);
    return { back: { link: link({ [n.year]: year, [n.month]: month }), title: monthTitle(m, Number(year)) }, choices: [{ link: null, title: dayTitle(m, Number(day)) }] };
  }
  if (year !== undefined && month !== undefined) {
    const days = (await distinct('day')).map(parts);
    return {
      back: { link: link({ [n.year]: year }), title: String(year) },
      choices: days.map((p) => ({ link: link({ [n.year]: year!, [n.month]: month!, [n.day]: p.d }), title: dayTitle(p.m, p.d) })),
    };
  }
  if (year !== undefined) {
    const months = (await distinct('month')).map(parts);
    return {
      back: { link: link({}), title: 'All dates' },
      choices: months.map((p) => ({ link: link({ [n.year]: year!, [n.month]: p.m }), title: monthTitle(p.m, p.y) })),
    };
  }
  const years = (await distinct('year')).map(parts);
  return { back: null, choices: years.map((p) => ({ link: link({ [n.year]: p.y }), title: String(p.y) })) };
}
