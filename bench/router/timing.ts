/**
 * Timing with tinybench. Each contender's loop is its own function, compiled
 * from source with `new Function`: one shared loop would see every
 * contender's lookup at one call site, go megamorphic, and penalize whoever
 * runs last.
 */
import { Bench } from 'tinybench';
import type { Contender } from './contender';

/** A request buffer as a socket delivers it, and where each request's path lies in it. */
export interface Requests {
  readonly buffer: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

export function requestBuffer(paths: readonly string[]): Requests {
  const starts = new Int32Array(paths.length);
  const ends = new Int32Array(paths.length);
  let text = '';
  paths.forEach((p, i) => {
    text += 'GET ';
    starts[i] = text.length;
    text += p;
    ends[i] = text.length;
    text += ' HTTP/1.1\r\nHost: example.com\r\n\r\n';
  });
  return { buffer: Buffer.from(text, 'latin1'), starts, ends };
}

type Loop = () => number;

/** A loop over the same string objects every iteration (their hashes stay cached). */
export function reusedLoop(lookup: (p: string) => unknown, paths: readonly string[]): Loop {
  return new Function(
    'lookup',
    'paths',
    `const n = paths.length;
     return function reused() {
       let hits = 0;
       for (let i = 0; i < n; i++) if (lookup(paths[i])) hits++;
       return hits;
     };`,
  )(lookup, paths) as Loop;
}

/**
 * A loop that slices each path out of the request buffer, then looks it up: a
 * fresh string per request. `latin1Slice` is what `buffer.toString('latin1',
 * start, end)` calls, without the argument checks.
 */
export function freshLoop(lookup: (p: string) => unknown, requests: Requests): Loop {
  return new Function(
    'lookup',
    'buffer',
    'starts',
    'ends',
    `const n = starts.length;
     return function fresh() {
       let hits = 0;
       for (let i = 0; i < n; i++) if (lookup(buffer.latin1Slice(starts[i], ends[i]))) hits++;
       return hits;
     };`,
  )(lookup, requests.buffer, requests.starts, requests.ends) as Loop;
}

/** The string production of freshLoop alone, to subtract. */
export function stringsOnlyLoop(requests: Requests): Loop {
  return new Function(
    'buffer',
    'starts',
    'ends',
    `const n = starts.length;
     return function stringsOnly() {
       let total = 0;
       for (let i = 0; i < n; i++) total += buffer.latin1Slice(starts[i], ends[i]).length;
       return total;
     };`,
  )(requests.buffer, requests.starts, requests.ends) as Loop;
}

export interface Timing {
  readonly name: string;
  /** Median nanoseconds per lookup (per path, for the baseline). */
  readonly ns: number;
  /** Lookups per second, from the median. */
  readonly ops: number;
  /** Relative margin of error of the mean, in percent. */
  readonly rme: number;
}

export interface TimeOptions {
  /** Milliseconds per task (the machine's cores are shared: keep it small). */
  readonly time: number;
  readonly warmupTime: number;
}

/** Times named loops of `batch` lookups each; returns per-lookup figures. */
export async function time(loops: readonly { name: string; run: Loop }[], batch: number, options: TimeOptions): Promise<Timing[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const bench = new Bench({ time: options.time, warmupTime: options.warmupTime, throws: true });
  for (const { name, run } of loops) bench.add(name, run, { beforeAll: () => gc?.() });
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`task '${task.name}' did not complete: ${result.state}`);
    const ns = (result.latency.p50 * 1e6) / batch;
    return { name: task.name, ns, ops: 1e9 / ns, rme: result.latency.rme };
  });
}

export function loopsFor(contenders: readonly Contender[], paths: readonly string[], fresh: boolean): { name: string; run: Loop }[] {
  const requests = fresh ? requestBuffer(paths) : null;
  return contenders.map((c) => ({
    name: c.name,
    run: requests ? freshLoop(c.lookup, requests) : reusedLoop(c.lookup, paths),
  }));
}
