/**
 * The change list (django.contrib.admin.views.main.ChangeList): reads the
 * GET parameters (q search, o ordering, p page, filters), builds one
 * QuerySet, counts it once and fetches one page with the list_display
 * foreign keys joined (select_related), then lays out headers and rows.
 *
 * 1. Filters take their parameters; what is left must be a lookup on a
 *    local field, or the request is refused (400) as Django's lookup_allowed.
 * 2. The search term is split on spaces; each bit must match one search field.
 * 3. `o` is '.'-joined list_display indexes ('-' for descending); bad entries are ignored.
 * 4. The ordering ends with '-pk' unless it is already deterministic.
 */
import { SuspiciousOperation } from '../../core/exceptions';
import { ForeignKey } from '../../db/models/fields';
import type { Options } from '../../db/models/options';
import { Q, type QNode } from '../../db/models/expressions';
import { quotePlus } from '../../utils/http';
import { popDateRange } from './date-hierarchy';
import { createFilter, IncorrectLookupParameters, type ListFilter, type QueryStringBuilder } from './filters';
import type { ModelAdmin } from './options';
import { FieldDoesNotExist, displayValue, fieldsFromPath, labelForField, lookupField, quote, type DisplayFn } from './utils';

export const ALL_VAR = 'all';
export const ORDER_VAR = 'o';
export const PAGE_VAR = 'p';
export const SEARCH_VAR = 'q';
export const ERROR_FLAG = 'e';
export const IS_POPUP_VAR = '_popup';
export const TO_FIELD_VAR = '_to_field';
const IGNORED = new Set([ALL_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR]);

/** Django's construct_search: the lookup for a search_fields entry. */
export function constructSearch(name: string): string {
  if (name.startsWith('^')) return `${name.slice(1)}__istartswith`;
  if (name.startsWith('=')) return `${name.slice(1)}__iexact`;
  // '@' is full-text search in Django (PostgreSQL/MySQL); here it is a containment search.
  if (name.startsWith('@')) return `${name.slice(1)}__icontains`;
  return `${name}__icontains`;
}

/** Django's get_search_results: each bit of the term must match one of the search fields. */
export function searchQueryset(qs: any, searchFields: readonly string[], term: string): any {
  if (!term || !searchFields.length) return qs;
  const lookupsFor = searchFields.map(constructSearch);
  for (const bit of splitTerms(term)) {
    let or: QNode | null = null;
    for (const l of lookupsFor) or = or ? or.or(Q({ [l]: bit })) : Q({ [l]: bit });
    qs = qs.filter(or!);
  }
  return qs;
}

/** Django's smart_split for search terms: spaces split, quotes group. */
export function splitTerms(q: string): string[] {
  const out: string[] = [];
  for (const m of q.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g)) {
    const bit = m[1] ?? m[2] ?? m[3] ?? '';
    if (bit) out.push(bit.replace(/\\(.)/g, '$1'));
  }
  return out;
}

export interface Header {
  text: string;
  sortable: boolean;
  sorted: boolean;
  ascending: boolean;
  sortPriority: number;
  urlPrimary: string;
  urlRemove: string;
  urlToggle: string;
  classAttrib: string;
}

export interface Cell {
  text: string;
  link: string | null;
  boolean: boolean | null;
  isBoolean: boolean;
  /** The action checkbox's value (the quoted primary key) and the object's name, or null. */
  checkbox: { value: string; label: string } | null;
  classAttrib: string;
  first: boolean;
}

export class ChangeList implements QueryStringBuilder {
  readonly opts: Options;
  readonly params: Map<string, string>;
  readonly query: string;
  readonly pageNum: number;
  readonly showAll: boolean;
  filterSpecs: ListFilter[] = [];
  resultCount = 0;
  fullResultCount: number | null = null;
  results: any[] = [];
  numPages = 1;
  canShowAll = false;
  multiPage = false;
  private orderingColumns = new Map<number, 'asc' | 'desc'>();
  queryset: any;

  constructor(
    readonly request: any,
    readonly modelAdmin: ModelAdmin,
    readonly listDisplay: ReadonlyArray<string | DisplayFn>,
    readonly listDisplayLinks: ReadonlyArray<string | DisplayFn>,
  ) {
    this.opts = modelAdmin.opts;
    const get = request.GET;
    this.params = new Map();
    for (const key of get.keys()) this.params.set(key, get.get(key));
    this.query = this.params.get(SEARCH_VAR) ?? '';
    // Django: int(p), 1 when it is not an integer; 0 or past the end is an invalid page (?e=1).
    const p = this.params.get(PAGE_VAR) ?? '1';
    this.pageNum = /^\s*[-+]?\d+\s*$/.test(p) ? Number.parseInt(p, 10) : 1;
    this.showAll = this.params.has(ALL_VAR);
  }

  /** Builds the QuerySet, counts it and fetches the page (Django's get_results). */
  async load(): Promise<void> {
    this.queryset = this.getQueryset();
    const perPage = this.modelAdmin.listPerPage;
    this.resultCount = await this.queryset.count();
    const filtered = this.filterSpecs.some((f) => f.expectedParameters().some((p) => this.used(p))) || this.query !== '' || this.leftovers.size > 0 || this.dateRange !== null;
    if (!filtered) this.fullResultCount = this.resultCount;
    else if (this.modelAdmin.showFullResultCount) this.fullResultCount = await this.modelAdmin.getQueryset(this.request).count();
    this.canShowAll = this.resultCount <= this.modelAdmin.listMaxShowAll;
    this.multiPage = this.resultCount > perPage;
    this.numPages = Math.max(1, Math.ceil(this.resultCount / perPage));
    let page = this.queryset;
    if ((this.showAll && this.canShowAll) || !this.multiPage) page = this.queryset;
    else {
      if (this.pageNum < 1 || this.pageNum > this.numPages) throw new IncorrectLookupParameters(`page ${this.pageNum} is out of range`);
      page = this.queryset.slice((this.pageNum - 1) * perPage, this.pageNum * perPage);
    }
    this.results = await page.fetch();
  }

  private used(param: string): boolean {
    return this.request.GET.get(param) !== null && this.request.GET.get(param) !== undefined;
  }

  private leftovers = new Map<string, string>();
  /** The date_hierarchy's range filter, when a year is chosen. */
  private dateRange: Record<string, unknown> | null = null;

  private getQueryset(): any {
    const lookups = new Map([...this.params].filter(([k]) => !IGNORED.has(k)));
    // 1. filters
    for (const spec of this.modelAdmin.listFilter) {
      try {
        this.filterSpecs.push(createFilter(spec, this.opts, lookups));
      } catch (e) {
        if (e instanceof FieldDoesNotExist) throw new IncorrectLookupParameters(String(e.message));
        throw e;
      }
    }
    if (this.modelAdmin.dateHierarchy) this.dateRange = popDateRange(this.opts, this.modelAdmin.dateHierarchy, lookups);
    for (const [key, value] of lookups) {
      if (!this.modelAdmin.lookupAllowed(key)) throw new SuspiciousOperation(`Filtering by ${key} not allowed`);
      this.leftovers.set(key, value);
    }
    let qs = this.modelAdmin.getQueryset(this.request);
    for (const f of this.filterSpecs) qs = f.queryset(qs);
    if (this.dateRange) qs = qs.filter(this.dateRange);
    if (this.leftovers.size) {
      const kwargs: Record<string, unknown> = {};
      for (const [k, v] of this.leftovers) kwargs[k] = k.endsWith('__isnull') ? !(v === '' || v === '0' || v.toLowerCase() === 'false') : k.endsWith('__in') ? v.split(',') : v;
      qs = qs.filter(kwargs);
    }
    // 2. search
    qs = this.modelAdmin.getSearchResults(this.request, qs, this.query);
    // 3. ordering, 4. select_related
    qs = qs.orderBy(...this.getOrdering());
    const related = this.selectRelated();
    if (related.length) qs = qs.selectRelated(...related);
    return qs;
  }

  /** list_select_related: true (every FK), a list, or automatic for the FKs list_display shows. */
  private selectRelated(): string[] {
    const setting = this.modelAdmin.listSelectRelated;
    if (Array.isArray(setting)) return [...setting];
    const out = new Set<string>();
    for (const name of this.listDisplay) {
      if (typeof name !== 'string') continue;
      try {
        const fields = fieldsFromPath(this.opts, name);
        const fks = fields.filter((f) => f instanceof ForeignKey);
        if (fks.length) {
          const path = name.split('__').slice(0, fields.lastIndexOf(fks[fks.length - 1]!) + 1).join('__');
          out.add(path);
        }
      } catch (e) {
        if (!(e instanceof FieldDoesNotExist)) throw e;
      }
    }
    if (setting === true) for (const f of this.opts.fields) if (f instanceof ForeignKey) out.add(f.name);
    return [...out];
  }

  /** The field a list_display column sorts by, or null (Django's get_ordering_field). */
  orderingField(name: string | DisplayFn): string | null {
    if (name === 'action_checkbox') return null;
    if (typeof name === 'function') return name.adminOrderField ?? null;
    try {
      fieldsFromPath(this.opts, name);
      return name;
    } catch (e) {
      if (!(e instanceof FieldDoesNotExist)) throw e;
    }
    const attr = (this.modelAdmin as unknown as Record<string, DisplayFn>)[name] ?? this.opts.model.prototype[name];
    return typeof attr === 'function' ? (attr.adminOrderField ?? null) : null;
  }

  /** Django's get_ordering plus _get_deterministic_ordering. */
  getOrdering(): string[] {
    let ordering: string[] = [...(this.modelAdmin.ordering ?? this.opts.ordering ?? [])];
    const o = this.params.get(ORDER_VAR);
    if (o !== undefined) {
      ordering = [];
      for (const part of o.split('.')) {
        const m = /^(-?)(\d+)$/.exec(part);
        if (!m) continue; // Django ignores a ValueError
        const index = Number(m[2]);
        const column = this.listDisplay[index];
        if (column === undefined) continue; // and an IndexError
        const field = this.orderingField(column);
        if (!field) continue;
        const desc = m[1] === '-';
        const fieldDesc = field.startsWith('-');
        const bare = fieldDesc ? field.slice(1) : field;
        ordering.push((desc !== fieldDesc ? '-' : '') + bare);
        if (!this.orderingColumns.has(index)) this.orderingColumns.set(index, desc ? 'desc' : 'asc');
      }
    } else {
      // The columns the default ordering sorts, for the header arrows.
      ordering.forEach((ord) => {
        const desc = ord.startsWith('-');
        const bare = desc ? ord.slice(1) : ord;
        const i = this.listDisplay.findIndex((c) => this.orderingField(c)?.replace(/^-/, '') === bare);
        if (i >= 0 && !this.orderingColumns.has(i)) this.orderingColumns.set(i, desc ? 'desc' : 'asc');
      });
    }
    const pk = this.opts.pk.name;
    const deterministic = ordering.some((ord) => {
      const bare = ord.replace(/^-/, '');
      if (bare === 'pk' || bare === pk) return true;
      const f = this.opts.fieldsByName.get(bare);
      return !!f && f.unique && !f.null;
    });
    if (!deterministic) ordering.push('-pk');
    return ordering;
  }

  /** The current query string with `set` applied and `remove` (prefixes) dropped (Django's get_query_string). */
  getQueryString(set: Record<string, string | number | null> = {}, remove: readonly string[] = []): string {
    const p = new Map(this.params);
    for (const r of remove) for (const k of [...p.keys()]) if (k.startsWith(r)) p.delete(k);
    for (const [k, v] of Object.entries(set)) {
      if (v === null) p.delete(k);
      else p.set(k, String(v));
    }
    return '?' + [...p].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  }

  /** Django's result_headers. */
  headers(): Header[] {
    return this.listDisplay.map((name, i) => {
      const text = name === 'action_checkbox' ? '' : labelForField(name, this.opts, this.modelAdmin);
      const sortable = name !== 'action_checkbox' && this.orderingField(name) !== null;
      const current = this.orderingColumns.get(i);
      const newType = current === 'asc' ? 'desc' : 'asc';
      const primary: string[] = [];
      const removeList: string[] = [];
      const toggle: string[] = [];
      const param = (t: string, n: number) => (t === 'desc' ? '-' : '') + n;
      for (const [j, t] of this.orderingColumns) {
        if (j === i) {
          const pr = param(newType, j);
          primary.unshift(pr);
          toggle.push(pr);
        } else {
          const pr = param(t, j);
          primary.push(pr);
          toggle.push(pr);
          removeList.push(pr);
        }
      }
      if (current === undefined) primary.unshift(param(newType, i));
      const classes = name === 'action_checkbox' ? ['action-checkbox-column'] : [`column-${typeof name === 'string' ? name : name.name || 'callable'}`];
      if (sortable) classes.push('sortable');
      if (current) classes.push(`sorted ${current}ending`);
      return {
        text,
        sortable,
        sorted: current !== undefined,
        ascending: current === 'asc',
        sortPriority: current ? [...this.orderingColumns.keys()].indexOf(i) + 1 : 0,
        urlPrimary: this.getQueryString({ [ORDER_VAR]: primary.join('.') }, [PAGE_VAR]),
        urlRemove: this.getQueryString({ [ORDER_VAR]: removeList.join('.') || null }, [PAGE_VAR]),
        urlToggle: this.getQueryString({ [ORDER_VAR]: toggle.join('.') }, [PAGE_VAR]),
        classAttrib: classes.join(' '),
      };
    });
  }

  /** Django's results(): one row of cells per object, the link columns pointing at the change view. */
  async rows(changeUrl: (obj: any) => string | null): Promise<Cell[][]> {
    const links = this.listDisplayLinks.length ? this.listDisplayLinks : this.listDisplay.filter((n) => n !== 'action_checkbox').slice(0, 1);
    const empty = this.modelAdmin.emptyValueDisplay;
    const out: Cell[][] = [];
    for (const obj of this.results) {
      const url = changeUrl(obj);
      const row: Cell[] = [];
      let firstLink = true;
      for (const name of this.listDisplay) {
        if (name === 'action_checkbox') {
          row.push({ text: '', link: null, boolean: null, isBoolean: false, checkbox: { value: String(obj.pk), label: String(obj) }, classAttrib: 'action-checkbox', first: false });
          continue;
        }
        const isLink = url !== null && links.includes(name);
        const first = firstLink && (links.includes(name) || this.listDisplay[0] === name || (this.listDisplay[0] === 'action_checkbox' && this.listDisplay[1] === name));
        if (first) firstLink = false;
        const { field, value, fn } = await lookupField(name, obj, this.modelAdmin);
        const isBool = fn?.boolean === true || (field !== null && (field.type === 'BooleanField' || field.type === 'NullBooleanField') && !field.choices);
        const text = isBool ? '' : displayValue(value, field, fn?.emptyValueDisplay ?? empty);
        const classes = [`field-${typeof name === 'string' ? name : name.name || 'callable'}`];
        if (field && ['IntegerField', 'BigIntegerField', 'SmallIntegerField', 'PositiveIntegerField', 'FloatField', 'DecimalField', 'AutoField', 'BigAutoField'].includes(field.type)) classes.push('nowrap');
        row.push({
          text,
          link: isLink ? url : null,
          boolean: isBool ? (value === null || value === undefined ? null : Boolean(value)) : null,
          isBoolean: isBool,
          checkbox: null,
          classAttrib: classes.join(' '),
          first,
        });
      }
      out.push(row);
    }
    return out;
  }

  /** The page links: every page, or the ends and the pages around the current one (Django's pagination tag). */
  pageRange(): Array<{ number: number | null; ellipsis: boolean; current: boolean; url: string }> {
    const n = this.numPages;
    const cur = this.pageNum;
    const pages: Array<number | null> = [];
    if (n <= 10) for (let i = 1; i <= n; i++) pages.push(i);
    else {
      const ON_EACH_SIDE = 3;
      const ON_ENDS = 2;
      const add = (a: number, b: number) => {
        for (let i = a; i <= b; i++) pages.push(i);
      };
      if (cur > ON_EACH_SIDE + ON_ENDS + 1) {
        add(1, ON_ENDS);
        pages.push(null);
        add(cur - ON_EACH_SIDE, cur);
      } else add(1, cur);
      if (cur < n - ON_EACH_SIDE - ON_ENDS) {
        add(cur + 1, cur + ON_EACH_SIDE);
        pages.push(null);
        add(n - ON_ENDS + 1, n);
      } else add(cur + 1, n);
    }
    return pages.map((number) => ({ number, ellipsis: number === null, current: number === cur, url: number === null ? '' : this.getQueryString({ [PAGE_VAR]: number }) }));
  }

  /** The change-view URL path segment of an object. */
  static pkSegment(obj: any): string {
    return quote(obj.pk);
  }
}
