/**
 * One writer per database across tabs and workers: the Web Locks API
 * (navigator.locks) grants the named lock to one holder of the origin at a
 * time. Where it is missing, a queue in this realm keeps the same order.
 */
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` while holding the exclusive lock `name`; releases it when `fn` settles. */
export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(name, { mode: 'exclusive' }, fn) as Promise<T>;
  const before = queues.get(name) ?? Promise.resolve();
  const run = before.then(fn, fn);
  queues.set(
    name,
    run.catch(() => undefined),
  );
  return run;
}
