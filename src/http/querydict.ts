/**
 * Multi-valued dictionaries (django.utils.datastructures.MultiValueDict and
 * django.http.QueryDict): request.GET, request.POST and request.FILES.
 * `get()` answers a key's last value, `getlist()` all of them; a QueryDict
 * parsed from a request is immutable until `copy()`.
 */
import { quote } from '../utils/http';
import { AttributeError, TooManyFieldsSent } from './exceptions';
import { settings } from '../conf/settings';

/** A key with no value (Django's MultiValueDictKeyError, a KeyError). */
export class MultiValueDictKeyError extends Error {
  override name = 'MultiValueDictKeyError';
}

export class MultiValueDict<V = string> {
  protected readonly data = new Map<string, V[]>();

  constructor(entries?: Iterable<[string, V[]]> | Record<string, V[]>) {
    if (entries) {
      const it = Symbol.iterator in Object(entries) ? (entries as Iterable<[string, V[]]>) : Object.entries(entries);
      for (const [k, vs] of it) this.data.set(k, [...vs]);
    }
  }

  /** The last value of `key`, or `fallback` (null) when absent or empty. */
  get(key: string): V | null;
  get<D>(key: string, fallback: D): V | D;
  get(key: string, fallback: unknown = null): unknown {
    const list = this.data.get(key);
    return list && list.length ? list[list.length - 1] : fallback;
  }

  /** Django's `d[key]`: the last value, or MultiValueDictKeyError. */
  getItem(key: string): V {
    const list = this.data.get(key);
    if (list === undefined) throw new MultiValueDictKeyError(`'${key}'`);
    if (!list.length) throw new MultiValueDictKeyError(`'${key}' has no values`);
    return list[list.length - 1];
  }

  /** Every value of `key` (a copy), or `fallback` ([]) when absent. */
  getlist(key: string, fallback: V[] = []): V[] {
    const list = this.data.get(key);
    return list ? [...list] : fallback;
  }

  has(key: string): boolean {
    return this.data.has(key);
  }

  get size(): number {
    return this.data.size;
  }

  keys(): string[] {
    return [...this.data.keys()];
  }

  /** The last value of each key. */
  values(): V[] {
    return [...this.data.keys()].map((k) => this.get(k) as V);
  }

  /** [key, last value] pairs. */
  items(): Array<[string, V]> {
    return [...this.data.keys()].map((k) => [k, this.get(k) as V]);
  }

  /** [key, every value] pairs. */
  lists(): Array<[string, V[]]> {
    return [...this.data.entries()].map(([k, v]) => [k, [...v]]);
  }

  /** One key → last value object (Django's `dict()`). */
  dict(): Record<string, V> {
    return Object.fromEntries(this.items());
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.data.keys();
  }

  protected mutate(): void {}

  /** Django's `d[key] = value`: replaces every value of `key`. */
  set(key: string, value: V): void {
    this.mutate();
    this.data.set(key, [value]);
  }

  setlist(key: string, values: V[]): void {
    this.mutate();
    this.data.set(key, [...values]);
  }

  appendlist(key: string, value: V): void {
    this.mutate();
    const list = this.data.get(key);
    if (list) list.push(value);
    else this.data.set(key, [value]);
  }

  setdefault(key: string, fallback: V): V {
    this.mutate();
    if (!this.data.has(key)) this.data.set(key, [fallback]);
    return this.get(key) as V;
  }

  setlistdefault(key: string, fallback: V[] = []): V[] {
    this.mutate();
    if (!this.data.has(key)) this.data.set(key, [...fallback]);
    return this.data.get(key)!;
  }

  /** Removes `key` and answers its values (Django's `pop` on a MultiValueDict returns the list). */
  pop(key: string): V[] {
    this.mutate();
    const list = this.data.get(key);
    if (list === undefined) throw new MultiValueDictKeyError(`'${key}'`);
    this.data.delete(key);
    return list;
  }

  delete(key: string): void {
    this.mutate();
    this.data.delete(key);
  }

  clear(): void {
    this.mutate();
    this.data.clear();
  }

  /** Appends the values of another dict (Django's update() extends, it does not replace). */
  update(other: MultiValueDict<V> | Record<string, V>): void {
    this.mutate();
    if (other instanceof MultiValueDict) for (const [k, vs] of other.lists()) for (const v of vs) this.appendlist(k, v);
    else for (const [k, v] of Object.entries(other)) this.appendlist(k, v);
  }
}

/** Parses `a=1&b=2&a=3` into a QueryDict (immutable), as request.GET. */
export class QueryDict extends MultiValueDict<string> {
  private mutable: boolean;
  readonly encoding: string;

  /**
   * @example
   * const q = new QueryDict('a=1&a=2&c=3');
   * q.get('a'); q.getlist('a'); q.urlencode(); // '2', ['1', '2'], 'a=1&a=2&c=3'
   */
  constructor(queryString: string | null = null, options: { mutable?: boolean; encoding?: string; maxNumFields?: number | null } = {}) {
    super();
    this.mutable = true;
    this.encoding = options.encoding ?? settings.DEFAULT_CHARSET;
    const qs = queryString ?? '';
    if (qs) {
      const max = options.maxNumFields === undefined ? settings.DATA_UPLOAD_MAX_NUMBER_FIELDS : options.maxNumFields;
      // Python's parse_qsl counts separators before parsing anything.
      if (max !== null && max !== undefined) {
        let fields = 1;
        for (let i = 0; i < qs.length; i++) if (qs.charCodeAt(i) === 38) fields++;
        if (fields > max) throw new TooManyFieldsSent('The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.');
      }
      for (const [k, v] of new URLSearchParams(qs)) this.appendlist(k, v);
    }
    this.mutable = options.mutable ?? false;
  }

  /** A QueryDict from keys, each with `value` (Django's fromkeys). */
  static fromkeys(keys: Iterable<string>, value = '', options: { mutable?: boolean } = {}): QueryDict {
    const q = new QueryDict(null, { mutable: true });
    for (const k of keys) q.appendlist(k, value);
    q.mutable = options.mutable ?? false;
    return q;
  }

  get isMutable(): boolean {
    return this.mutable;
  }

  /** @internal Makes it immutable (the parsers' last step). */
  freeze(): this {
    this.mutable = false;
    return this;
  }

  protected override mutate(): void {
    if (!this.mutable) throw new AttributeError('This QueryDict instance is immutable');
  }

  /** A mutable deep copy (Django's `copy()`). */
  copy(): QueryDict {
    const q = new QueryDict(null, { mutable: true, encoding: this.encoding });
    for (const [k, vs] of this.lists()) q.setlist(k, vs);
    return q;
  }

  /**
   * The query string, keys in insertion order, values percent-encoded
   * (`safe` lists characters left as they are, as Django's urlencode(safe)).
   */
  urlencode(safe?: string): string {
    const enc = safe ? (s: string) => quote(s, safe) : (s: string) => quote(s, '').replace(/%20/g, '+');
    const out: string[] = [];
    for (const [k, vs] of this.lists()) {
      const key = enc(k);
      for (const v of vs) out.push(`${key}=${enc(v)}`);
    }
    return out.join('&');
  }

  override toString(): string {
    return `<QueryDict: {${this.lists().map(([k, v]) => `'${k}': [${v.map((x) => `'${x}'`).join(', ')}]`).join(', ')}}>`;
  }
}
