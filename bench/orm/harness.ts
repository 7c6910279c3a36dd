// The benchmark harness: every contender must return the same rows as the
// floor (raw sql.js) before anything is timed; then tinybench times them and
// the table prints ops/s and each one's time relative to the floor.
import { Bench } from 'tinybench';
import { deepStrictEqual } from 'node:assert';

export interface Contender {
  readonly name: string;
  /** The timed operation. */
  readonly fn: () => unknown | Promise<unknown>;
  /** Turns fn's result into plain rows for the equality check (identity by default). */
  readonly norm?: (result: any) => unknown;
}

export interface Row {
  workload: string;
  results: Array<{ name: string; opsPerSec: number; ratio: number }>;
}

/** Checks that `a` and `b` are the same rows; throws naming the contender otherwise. */
export function sameRows(workload: string, name: string, got: unknown, want: unknown): void {
  try {
    deepStrictEqual(got, want);
  } catch (e) {
    const show = (v: unknown) => JSON.stringify(v)?.slice(0, 300);
    throw new Error(`${workload}: ${name} returned different rows\n  got:  ${show(got)}\n  want: ${show(want)}`);
  }
}

export async function runWorkload(
  workload: string,
  contenders: Contender[],
  options: { time?: number; check?: boolean } = {},
): Promise<Row> {
  const floor = contenders[0]!;
  if (options.check !== false) {
    const want = (floor.norm ?? ((x: unknown) => x))(await floor.fn());
    for (const c of contenders.slice(1)) sameRows(workload, c.name, (c.norm ?? ((x: unknown) => x))(await c.fn()), want);
  }
  // The machine is shared: several short rounds, each contender keeping its
  // best round, in a different order each round.
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const periods = contenders.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.time ?? 250, warmupTime: 30, warmupIterations: 10 });
    const order = contenders.map((_, i) => (i + round) % contenders.length);
    for (const i of order) bench.add(contenders[i]!.name, contenders[i]!.fn as () => unknown);
    await bench.run();
    bench.tasks.forEach((t, j) => {
      const r = t.result as { state: string; period?: number; error?: Error };
      if (r.state !== 'completed') throw new Error(`${workload}: ${t.name} did not complete (${r.state}) ${r.error?.message ?? ''}`);
      const i = order[j]!;
      periods[i] = Math.min(periods[i]!, r.period!);
    });
  }
  const base = periods[0]!;
  return {
    workload,
    results: contenders.map((c, i) => ({ name: c.name, opsPerSec: 1000 / periods[i]!, ratio: periods[i]! / base })),
  };
}

export function printTable(rows: Row[]): void {
  const names = [...new Set(rows.flatMap((row) => row.results.map((r) => r.name)))];
  const header = ['workload', ...names];
  const lines = [header.join(' | '), header.map(() => '---').join(' | ')];
  for (const row of rows) {
    const cells = names.map((n) => {
      const r = row.results.find((x) => x.name === n);
      return r ? `${Math.round(r.opsPerSec).toLocaleString('en-US')} ops/s (${r.ratio.toFixed(2)}x)` : '—';
    });
    lines.push([row.workload, ...cells].join(' | '));
  }
  console.log(`\n${lines.map((l) => `| ${l} |`).join('\n')}\n`);
  console.log('(x) = time per operation relative to the first column (raw sql.js prepared statements, or knex for SQL building)');
}
