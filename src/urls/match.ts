/** The result of resolve() (django.urls.ResolverMatch). */
import type { View } from './conf';
import type { Entry } from './entries';

export class ResolverMatch {
  /** The view to call. */
  readonly func: View;
  /** Positional arguments (only rePath() groups without names produce them). */
  readonly args: readonly unknown[];
  /** Keyword arguments: captured values (an `int` converter yields a number) and extra kwargs. */
  readonly kwargs: Record<string, unknown>;
  /** The values captured by the view's own pattern. */
  readonly capturedKwargs: Record<string, unknown>;
  /** @internal The flattened URLconf entry that matched. */
  readonly entry: Entry;
  private readonly path: string;

  constructor(entry: Entry, args: readonly unknown[], kwargs: Record<string, unknown>, captured: Record<string, unknown>, path: string) {
    this.entry = entry;
    this.func = entry.pattern.callback;
    this.args = args;
    this.kwargs = kwargs;
    this.capturedKwargs = captured;
    this.path = path;
  }

  /** The pattern's name, or null. */
  get urlName(): string | null {
    return this.entry.pattern.name;
  }

  /** The matched route, all levels joined: `'polls/<int:question_id>/'`. */
  get route(): string {
    return this.entry.route;
  }

  /** Extra kwargs given to path() and include(), merged. */
  get extraKwargs(): Readonly<Record<string, unknown>> {
    return this.entry.extraKwargs;
  }

  get appNames(): readonly string[] {
    return this.entry.appNames;
  }

  /** The application namespaces joined with ':'. */
  get appName(): string {
    return this.entry.appNames.join(':');
  }

  get namespaces(): readonly string[] {
    return this.entry.namespaces;
  }

  /** The instance namespaces joined with ':'. */
  get namespace(): string {
    return this.entry.namespaces.join(':');
  }

  /** `'polls:detail'`: the namespaces and the name (or the view's function name). */
  get viewName(): string {
    const name = this.entry.pattern.name ?? (this.func.name || '<anonymous>');
    return [...this.entry.namespaces, name].join(':');
  }

  /** The path resolved. */
  get resolvedPath(): string {
    return this.path;
  }

  toString(): string {
    return `ResolverMatch(func=${this.func.name || '<anonymous>'}, args=${JSON.stringify(this.args)}, kwargs=${JSON.stringify(
      this.kwargs,
    )}, url_name=${this.urlName}, app_names=${JSON.stringify(this.appNames)}, namespaces=${JSON.stringify(
      this.namespaces,
    )}, route='${this.route}')`;
  }
}
