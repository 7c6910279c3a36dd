/** Named views for URL tests: each returns its own name, so a match is easy to check. */
export function view(name: string): (request?: unknown, params?: unknown) => string {
  const fn = () => name;
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
