// @medley/router ships no type declarations.
declare module '@medley/router' {
  export default class Router {
    constructor();
    register(path: string): Record<string, unknown>;
    find(path: string): { store: Record<string, unknown>; params: Record<string, string> } | null;
  }
}
