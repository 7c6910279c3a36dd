/**
 * The changelist's sidebar filters (django.contrib.admin.filters): one
 * filter per list_filter entry, chosen by the field's kind as Django's
 * FieldListFilter.create does: booleans, choices, related objects, dates,
 * and all distinct values. Each filter names the GET parameters it reads,
 * offers choices with the query string that selects them, and narrows the
 * QuerySet.
 */
import { BooleanField, DateField, ForeignKey, type Field } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import { displayValue, fieldVerboseName, fieldsFromPath } from './utils';

export interface FilterChoice {
  selected: boolean;
  queryString: string;
  display: string;
}

/** What a changelist needs to build query strings. */
export interface QueryStringBuilder {
  getQueryString(set: Record<string, string | number | null>, remove?: readonly string[]): string;
}

export abstract class ListFilter {
  abstract title: string;
  /** The GET parameters this filter reads (Django's expected_parameters()). */
  abstract expectedParameters(): string[];
  abstract choices(cl: QueryStringBuilder): FilterChoice[] | Promise<FilterChoice[]>;
  abstract queryset(qs: any): any;
  hasOutput(): boolean {
    return true;
  }
}

/** A filter on a field path: the used parameters are those this filter knows. */
export abstract class FieldListFilter extends ListFilter {
  title: string;
  protected readonly used: Record<string, string> = {};

  constructor(
    readonly field: Field,
    readonly fieldPath: string,
    params: Map<string, string>,
  ) {
    super();
    this.title = fieldVerboseName(field);
    for (const p of this.expectedParameters()) {
      const v = params.get(p);
      if (v !== undefined) {
        this.used[p] = v;
        params.delete(p);
      }
    }
  }

  queryset(qs: any): any {
    const lookups: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.used)) lookups[k] = this.prepare(k, v);
    return Object.keys(lookups).length ? qs.filter(lookups) : qs;
  }

  /** A GET value as the lookup wants it (Django's prepare_lookup_value). */
  protected prepare(key: string, value: string): unknown {
    if (key.endsWith('__isnull')) return !(value === '' || value.toLowerCase() === 'false' || value === '0');
    return value;
  }
}

/** Django's BooleanFieldListFilter: All / Yes / No (/ Unknown when nullable). */
export class BooleanFieldListFilter extends FieldListFilter {
  private get kwarg(): string {
    return `${this.fieldPath}__exact`;
  }
  private get kwarg2(): string {
    return `${this.fieldPath}__isnull`;
  }
  expectedParameters(): string[] {
    return [this.kwarg, this.kwarg2];
  }
  protected override prepare(key: string, value: string): unknown {
    if (key === this.kwarg) {
      if (value === '1' || value.toLowerCase() === 'true') return true;
      if (value === '0' || value.toLowerCase() === 'false') return false;
      throw new IncorrectLookupParameters(`'${value}' is not a boolean`);
    }
    return super.prepare(key, value);
  }
  choices(cl: QueryStringBuilder): FilterChoice[] {
    const v = this.used[this.kwarg];
    const v2 = this.used[this.kwarg2];
    const out: FilterChoice[] = [];
    for (const [lookup, title] of [[null, 'All'], ['1', 'Yes'], ['0', 'No']] as const) {
      out.push({ selected: v === (lookup ?? undefined) && !v2, queryString: cl.getQueryString({ [this.kwarg]: lookup }, [this.kwarg2]), display: title });
    }
    if (this.field.null) out.push({ selected: v2 === 'True', queryString: cl.getQueryString({ [this.kwarg2]: 'True' }, [this.kwarg]), display: 'Unknown' });
    return out;
  }
}

/** Django's ChoicesFieldListFilter: one entry per choice. */
export class ChoicesFieldListFilter extends FieldListFilter {
  private get kwarg(): string {
    return `${this.fieldPath}__exact`;
  }
  expectedParameters(): string[] {
    return [this.kwarg, `${this.fieldPath}__isnull`];
  }
  choices(cl: QueryStringBuilder): FilterChoice[] {
    const v = this.used[this.kwarg];
    const out: FilterChoice[] = [{ selected: v === undefined, queryString: cl.getQueryString({}, [this.kwarg, `${this.fieldPath}__isnull`]), display: 'All' }];
    for (const [value, title] of this.field.choices ?? []) {
      out.push({ selected: v === String(value), queryString: cl.getQueryString({ [this.kwarg]: String(value) }, [`${this.fieldPath}__isnull`]), display: title });
    }
    return out;
  }
}

/** Django's RelatedFieldListFilter: one entry per related object (one query). */
export class RelatedFieldListFilter extends FieldListFilter {
  constructor(field: Field, fieldPath: string, params: Map<string, string>, private readonly target: Options) {
    super(field, fieldPath, params);
  }
  private get kwarg(): string {
    return `${this.fieldPath}__${this.target?.pk.name ?? 'id'}__exact`;
  }
  expectedParameters(): string[] {
    return [this.kwarg, `${this.fieldPath}__isnull`];
  }
  async choices(cl: QueryStringBuilder): Promise<FilterChoice[]> {
    const v = this.used[this.kwarg];
    const isnull = this.used[`${this.fieldPath}__isnull`];
    const out: FilterChoice[] = [{ selected: v === undefined && !isnull, queryString: cl.getQueryString({}, [this.kwarg, `${this.fieldPath}__isnull`]), display: 'All' }];
    const objs = await this.target.model.objects.all().fetch();
    for (const o of objs) out.push({ selected: v === String(o.pk), queryString: cl.getQueryString({ [this.kwarg]: String(o.pk) }, [`${this.fieldPath}__isnull`]), display: String(o) });
    if (this.field.null) out.push({ selected: !!isnull, queryString: cl.getQueryString({ [`${this.fieldPath}__isnull`]: 'True' }, [this.kwarg]), display: '-' });
    return out;
  }
}

/** Django's DateFieldListFilter: any date, today, past 7 days, this month, this year. */
export class DateFieldListFilter extends FieldListFilter {
  private get since(): string {
    return `${this.fieldPath}__gte`;
  }
  private get until(): string {
    return `${this.fieldPath}__lt`;
  }
  expectedParameters(): string[] {
    return [this.since, this.until, `${this.fieldPath}__isnull`];
  }
  protected override prepare(key: string, value: string): unknown {
    if (key === this.since || key === this.until) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) throw new IncorrectLookupParameters(`'${value}' is not a date`);
      return this.field.type === 'DateField' ? value : new Date(+m[1]!, +m[2]! - 1, +m[3]!);
    }
    return super.prepare(key, value);
  }
  choices(cl: QueryStringBuilder): FilterChoice[] {
    const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const tomorrow = new Date(today.getTime() + 86_400_000);
    const month = new Date(today.getFullYear(), today.getMonth(), 1);
    const nextMonth = new Date(today.getFullYear(), today.getMonth() + 1, 1);
    const year = new Date(today.getFullYear(), 0, 1);
    const nextYear = new Date(today.getFullYear() + 1, 0, 1);
    const links: Array<[string, Record<string, string>]> = [
      ['Any date', {}],
      ['Today', { [this.since]: iso(today), [this.until]: iso(tomorrow) }],
      ['Past 7 days', { [this.since]: iso(new Date(today.getTime() - 7 * 86_400_000)), [this.until]: iso(tomorrow) }],
      ['This month', { [this.since]: iso(month), [this.until]: iso(nextMonth) }],
      ['This year', { [this.since]: iso(year), [this.until]: iso(nextYear) }],
    ];
    if (this.field.null) {
      links.push(['No date', { [`${this.fieldPath}__isnull`]: 'True' }], ['Has date', { [`${this.fieldPath}__isnull`]: 'False' }]);
    }
    const all = this.expectedParameters();
    return links.map(([title, params]) => ({
      selected: all.every((p) => this.used[p] === params[p]),
      queryString: cl.getQueryString(params, all),
      display: title,
    }));
  }
}

/** Django's AllValuesFieldListFilter: every distinct value of the field (one query). */
export class AllValuesFieldListFilter extends FieldListFilter {
  constructor(field: Field, fieldPath: string, params: Map<string, string>, private readonly model: any) {
    super(field, fieldPath, params);
  }
  expectedParameters(): string[] {
    return [this.fieldPath, `${this.fieldPath}__isnull`];
  }
  async choices(cl: QueryStringBuilder): Promise<FilterChoice[]> {
    const v = this.used[this.fieldPath];
    const isnull = this.used[`${this.fieldPath}__isnull`];
    const out: FilterChoice[] = [{ selected: v === undefined && !isnull, queryString: cl.getQueryString({}, [this.fieldPath, `${this.fieldPath}__isnull`]), display: 'All' }];
    const values = (await this.model.objects.all().distinct().orderBy(this.fieldPath).valuesList(this.fieldPath, { flat: true }).fetch()) as unknown[];
    let hasNull = false;
    for (const value of values) {
      if (value === null) {
        hasNull = true;
        continue;
      }
      out.push({ selected: v === String(value), queryString: cl.getQueryString({ [this.fieldPath]: String(value) }, [`${this.fieldPath}__isnull`]), display: displayValue(value, this.field, '') });
    }
    if (hasNull) out.push({ selected: !!isnull, queryString: cl.getQueryString({ [`${this.fieldPath}__isnull`]: 'True' }, [this.fieldPath]), display: '-' });
    return out;
  }
}

/** Django's IncorrectLookupParameters: the changelist redirects to ?e=1. */
export class IncorrectLookupParameters extends Error {
  override name = 'IncorrectLookupParameters';
}

/** Django's SimpleListFilter: a custom filter with lookups() and queryset(). */
export abstract class SimpleListFilter extends ListFilter {
  abstract override title: string;
  abstract parameterName: string;
  value: string | null = null;
  abstract lookups(): Array<readonly [string, string]>;
  abstract override queryset(qs: any): any;
  init(params: Map<string, string>): this {
    const v = params.get(this.parameterName);
    if (v !== undefined) {
      this.value = v;
      params.delete(this.parameterName);
    }
    return this;
  }
  expectedParameters(): string[] {
    return [this.parameterName];
  }
  choices(cl: QueryStringBuilder): FilterChoice[] {
    return [
      { selected: this.value === null, queryString: cl.getQueryString({}, [this.parameterName]), display: 'All' },
      ...this.lookups().map(([v, title]) => ({ selected: this.value === v, queryString: cl.getQueryString({ [this.parameterName]: v }), display: title })),
    ];
  }
}

/** A list_filter entry: a field path, or a SimpleListFilter class. */
export type ListFilterSpec = string | (new () => SimpleListFilter);

/** Django's FieldListFilter.create: the filter class for a field. */
export function createFilter(spec: ListFilterSpec, opts: Options, params: Map<string, string>): ListFilter {
  if (typeof spec !== 'string') return new spec().init(params);
  const fields = fieldsFromPath(opts, spec);
  const field = fields[fields.length - 1]!;
  let filter: FieldListFilter;
  if (field instanceof ForeignKey) {
    const owner = fields.length > 1 ? fieldsFromPath(opts, spec.split('__').slice(0, -1).join('__')) : [];
    let ownerOpts = opts;
    for (const f of owner) ownerOpts = ownerOpts.target(f as ForeignKey);
    filter = new RelatedFieldListFilter(field, spec, params, ownerOpts.target(field));
  } else if (field instanceof BooleanField || field.type === 'BooleanField' || field.type === 'NullBooleanField') filter = new BooleanFieldListFilter(field, spec, params);
  else if (field.choices) filter = new ChoicesFieldListFilter(field, spec, params);
  else if (field instanceof DateField || field.type === 'DateField' || field.type === 'DateTimeField') filter = new DateFieldListFilter(field, spec, params);
  else filter = new AllValuesFieldListFilter(field, spec, params, opts.model);
  return filter;
}
