/**
 * Paginator and Page (django.core.paginator), over an array or a QuerySet:
 * a QuerySet is counted with count() and each page read with one LIMIT
 * query. Counting is asynchronous, so `page()`, `getPage()` and
 * `validateNumber()` are async; once a page is made, `count`, `numPages` and
 * `pageRange` are known and a Page is plain data a template can read with
 * Django's names (`page_obj.has_next`, `paginator.num_pages`, ...).
 *
 * @example
 * const paginator = new Paginator(Question.objects.orderBy('-pub_date'), 20);
 * const page = await paginator.getPage(request.GET.get('page'));
 * page.objectList; page.hasNext(); paginator.numPages;
 */

/** A page number that cannot be served (Django's InvalidPage). */
export class InvalidPage extends Error {
  override name = 'InvalidPage';
}
/** The page number is not an integer. */
export class PageNotAnInteger extends InvalidPage {
  override name = 'PageNotAnInteger';
}
/** The page number is out of range. */
export class EmptyPage extends InvalidPage {
  override name = 'EmptyPage';
}

/** What a Paginator can page: an array, or a QuerySet-like object with count() and slice(). */
export type Pageable<T> = readonly T[] | { count(): Promise<number>; slice(low: number, high?: number): PromiseLike<T[]>; ordered?: boolean };

export const ELLIPSIS = '…';

export class Paginator<T = unknown> {
  readonly perPage: number;
  readonly orphans: number;
  readonly allowEmptyFirstPage: boolean;
  private counted: number | null = null;

  constructor(
    readonly objectList: Pageable<T>,
    perPage: number | string,
    orphans: number | string = 0,
    allowEmptyFirstPage = true,
  ) {
    this.perPage = Math.trunc(Number(perPage));
    this.orphans = Math.trunc(Number(orphans));
    if (!Number.isFinite(this.perPage) || this.perPage < 1) throw new RangeError(`Paginator perPage must be a positive integer (got ${perPage}).`);
    if (!Number.isFinite(this.orphans) || this.orphans < 0) throw new RangeError(`Paginator orphans must be a non-negative integer (got ${orphans}).`);
    this.allowEmptyFirstPage = allowEmptyFirstPage;
    if (Array.isArray(objectList)) this.counted = objectList.length;
  }

  /** Counts the objects once (one COUNT query for a QuerySet). */
  async loadCount(): Promise<number> {
    if (this.counted === null) this.counted = await (this.objectList as { count(): Promise<number> }).count();
    return this.counted;
  }

  /** The number of objects (after loadCount(), page() or getPage()). */
  get count(): number {
    if (this.counted === null) throw new Error('Paginator.count is not known yet: await paginator.loadCount() (or page()/getPage()) first.');
    return this.counted;
  }

  get numPages(): number {
    const count = this.count;
    if (count === 0 && !this.allowEmptyFirstPage) return 0;
    const hits = Math.max(1, count - this.orphans);
    return Math.ceil(hits / this.perPage);
  }

  /** 1..numPages. */
  get pageRange(): number[] {
    return Array.from({ length: this.numPages }, (_, i) => i + 1);
  }

  /** Checks a page number (Django's validate_number): PageNotAnInteger or EmptyPage. */
  async validateNumber(number: unknown): Promise<number> {
    await this.loadCount();
    return this.validateKnown(number);
  }

  private validateKnown(number: unknown): number {
    let n: number;
    if (typeof number === 'number') n = number;
    else if (typeof number === 'string' && /^\s*[+-]?\d+\s*$/.test(number)) n = Number(number);
    else throw new PageNotAnInteger('That page number is not an integer');
    if (!Number.isInteger(n)) throw new PageNotAnInteger('That page number is not an integer');
    if (n < 1) throw new EmptyPage('That page number is less than 1');
    if (n > this.numPages && !(n === 1 && this.allowEmptyFirstPage)) throw new EmptyPage('That page contains no results');
    return n;
  }

  /** The page `number`, or the first for a non-integer, the last for one out of range (Django's get_page). */
  async getPage(number: unknown): Promise<Page<T>> {
    await this.loadCount();
    let n: number;
    try {
      n = this.validateKnown(number);
    } catch (e) {
      if (e instanceof PageNotAnInteger) n = 1;
      else if (e instanceof EmptyPage) n = this.numPages;
      else throw e;
    }
    return this.page(n);
  }

  /** The page `number` (InvalidPage when there is none). */
  async page(number: unknown): Promise<Page<T>> {
    await this.loadCount();
    const n = this.validateKnown(number);
    const bottom = (n - 1) * this.perPage;
    let top = bottom + this.perPage;
    if (top + this.orphans >= this.count) top = this.count;
    const list = Array.isArray(this.objectList) ? this.objectList.slice(bottom, top) : bottom >= top ? [] : await (this.objectList as { slice(l: number, h?: number): PromiseLike<T[]> }).slice(bottom, top);
    return new Page<T>([...list], n, this);
  }

  /** Page numbers with '…' where runs are left out (Django's get_elided_page_range). */
  async getElidedPageRange(number: unknown = 1, options: { onEachSide?: number; onEnds?: number } = {}): Promise<Array<number | string>> {
    const onEachSide = options.onEachSide ?? 3;
    const onEnds = options.onEnds ?? 2;
    const n = await this.validateNumber(number);
    const numPages = this.numPages;
    const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
    if (numPages <= (onEachSide + onEnds) * 2) return this.pageRange;
    const out: Array<number | string> = [];
    if (n > 1 + onEachSide + onEnds + 1) out.push(...range(1, onEnds + 1), ELLIPSIS, ...range(n - onEachSide, n + 1));
    else out.push(...range(1, n + 1));
    if (n < numPages - onEachSide - onEnds - 1) out.push(...range(n + 1, n + onEachSide + 1), ELLIPSIS, ...range(numPages - onEnds + 1, numPages + 1));
    else out.push(...range(n + 1, numPages + 1));
    return out;
  }

  // Django's names, for templates.
  get num_pages(): number {
    return this.numPages;
  }
  get page_range(): number[] {
    return this.pageRange;
  }
  get per_page(): number {
    return this.perPage;
  }
}

export class Page<T = unknown> implements Iterable<T> {
  constructor(
    readonly objectList: T[],
    readonly number: number,
    readonly paginator: Paginator<T>,
  ) {}

  get length(): number {
    return this.objectList.length;
  }
  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]();
  }
  hasNext(): boolean {
    return this.number < this.paginator.numPages;
  }
  hasPrevious(): boolean {
    return this.number > 1;
  }
  hasOtherPages(): boolean {
    return this.hasPrevious() || this.hasNext();
  }
  /** The next page's number (EmptyPage on the last page). */
  nextPageNumber(): number {
    return this.check(this.number + 1);
  }
  previousPageNumber(): number {
    return this.check(this.number - 1);
  }
  private check(n: number): number {
    if (n < 1) throw new EmptyPage('That page number is less than 1');
    if (n > this.paginator.numPages && !(n === 1 && this.paginator.allowEmptyFirstPage)) throw new EmptyPage('That page contains no results');
    return n;
  }
  /** The 1-based index of the first object on this page (0 when there are none). */
  startIndex(): number {
    if (this.paginator.count === 0) return 0;
    return this.paginator.perPage * (this.number - 1) + 1;
  }
  /** The 1-based index of the last object on this page. */
  endIndex(): number {
    if (this.number === this.paginator.numPages) return this.paginator.count;
    return this.number * this.paginator.perPage;
  }
  toString(): string {
    return `<Page ${this.number} of ${this.paginator.numPages}>`;
  }

  // Django's names, for templates ({{ page_obj.has_next }}, {{ page_obj.next_page_number }}).
  get object_list(): T[] {
    return this.objectList;
  }
  get has_next(): boolean {
    return this.hasNext();
  }
  get has_previous(): boolean {
    return this.hasPrevious();
  }
  get has_other_pages(): boolean {
    return this.hasOtherPages();
  }
  get next_page_number(): number | undefined {
    return this.hasNext() ? this.number + 1 : undefined;
  }
  get previous_page_number(): number | undefined {
    return this.hasPrevious() ? this.number - 1 : undefined;
  }
  get start_index(): number {
    return this.startIndex();
  }
  get end_index(): number {
    return this.endIndex();
  }
}
