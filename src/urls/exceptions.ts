/** The router's exceptions (django.urls.exceptions). */

interface Explained {
  tried: string[][];
  names?: Array<string | null>;
  missingSlash: boolean;
}

/** No route matched a path. `tried` lists every pattern chain attempted, for the debug 404 page. */
export class Resolver404 extends Error {
  override name = 'Resolver404';
  /** The path that was resolved (without the leading slash the root consumes, as in Django). */
  readonly path: string;
  private readonly explain: () => Explained;
  private explained: Explained | undefined;

  constructor(path: string, explain: () => Explained) {
    super(`Resolver404: no URL pattern matches '${path}'`);
    this.path = path;
    this.explain = explain;
  }

  /** Every pattern chain tried, in order, as the route strings of each level. */
  get tried(): string[][] {
    return (this.explained ??= this.explain()).tried;
  }

  /** For each chain of `tried`, the name of its last pattern, or null (Django's technical 404 shows `[name='…']`). */
  get triedNames(): Array<string | null> {
    const explained = (this.explained ??= this.explain());
    return explained.names ?? explained.tried.map(() => null);
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
