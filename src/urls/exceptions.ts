/** The router's exceptions (django.urls.exceptions). */

/** No route matched a path. `tried` lists every pattern chain attempted, for the debug 404 page. */
export class Resolver404 extends Error {
  override name = 'Resolver404';
  /** The path that was resolved (without the leading slash the root consumes, as in Django). */
  readonly path: string;
  private readonly explain: () => { tried: string[][]; missingSlash: boolean };
  private explained: { tried: string[][]; missingSlash: boolean } | undefined;

  constructor(path: string, explain: () => { tried: string[][]; missingSlash: boolean }) {
    super(`Resolver404: no URL pattern matches '${path}'`);
    this.path = path;
    this.explain = explain;
  }

  /** Every pattern chain tried, in order, as the route strings of each level. */
  get tried(): string[][] {
    return (this.explained ??= this.explain()).tried;
  }

  /** True when the same path with a trailing slash would have matched (APPEND_SLASH). */
  get missingSlash(): boolean {
    return (this.explained ??= this.explain()).missingSlash;
  }
}

/** reverse() found no pattern for the name and arguments given. */
export class NoReverseMatch extends Error {
  override name = 'NoReverseMatch';
}
