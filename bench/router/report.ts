/** Tables: per case, each contender's speed and its ratio to the fastest peer; then a summary of ratios. */
import type { Timing } from './timing';

export interface CaseResult {
  readonly name: string;
  readonly timings: readonly Timing[];
  /** Names of the peers (everyone but Manouche). */
  readonly peers: readonly string[];
  /** Nanoseconds per path spent producing fresh strings, for the fresh cases. */
  readonly stringNs?: number;
}

const fmtOps = (ops: number): string =>
  ops >= 1e6 ? `${(ops / 1e6).toFixed(2)}M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)}k` : ops.toFixed(0);
const fmtRatio = (r: number): string => `${r.toFixed(2)}x`;

/** Lookups/s net of the string production (fresh cases), or as measured. */
export function netOps(t: Timing, stringNs = 0): number {
  const ns = t.ns - stringNs;
  return ns > 0 ? 1e9 / ns : Infinity;
}

/** The fastest peer of a case and each contender's ratio to it (above 1 is faster). */
export function ratios(result: CaseResult): { fastest: string; ratio: Map<string, number> } {
  const peers = result.timings.filter((t) => result.peers.includes(t.name));
  if (peers.length === 0) throw new Error(`case '${result.name}': no peer timed`);
  const best = peers.reduce((a, b) => (netOps(b, result.stringNs) > netOps(a, result.stringNs) ? b : a));
  const ratio = new Map(result.timings.map((t) => [t.name, netOps(t, result.stringNs) / netOps(best, result.stringNs)]));
  return { fastest: best.name, ratio };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function caseTable(result: CaseResult): string {
  const { ratio } = ratios(result);
  const fresh = result.stringNs !== undefined;
  const header = ['contender', 'lookups/s', 'ns/lookup', ...(fresh ? ['ns net of strings', 'lookups/s net'] : []), '± %', 'vs fastest peer'];
  const rows = [...result.timings]
    .sort((a, b) => b.ops - a.ops)
    .map((t) => [
      t.name,
      fmtOps(t.ops),
      t.ns.toFixed(1),
      ...(fresh ? [(t.ns - result.stringNs!).toFixed(1), fmtOps(netOps(t, result.stringNs))] : []),
      t.rme.toFixed(1),
      fmtRatio(ratio.get(t.name)!),
    ]);
  const note = fresh ? `\n(producing the strings alone: ${result.stringNs!.toFixed(1)} ns per request, subtracted for the ratios)` : '';
  return `${table([header, ...rows])}${note}`;
}

/** One row per case: the ratio of every contender to the fastest peer of that case. */
export function summaryTable(results: readonly CaseResult[], contenders: readonly string[]): string {
  const header = ['case', 'fastest peer', ...contenders];
  const rows = results.map((r) => {
    const { fastest, ratio } = ratios(r);
    return [r.name, fastest, ...contenders.map((c) => (ratio.has(c) ? fmtRatio(ratio.get(c)!) : '—'))];
  });
  return table([header, ...rows]);
}
