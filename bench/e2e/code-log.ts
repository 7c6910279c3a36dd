// What V8's compilers emitted for a contender while it was under load, read
// from the log `node --log-code` writes (E2E_CODE_LOG=1). Machine code lives
// in V8's heap (code space, with its deoptimization data and relocation info
// in old space) and in WebAssembly's code space, so it is part of the RSS a
// stack grows under load; this splits it by compiler and by whose source it
// was compiled from (Node's own JavaScript, sql.js, the stack's packages and
// generated functions, the contender's app file), which RSS alone cannot.
//
// A `code-creation` line is `code-creation,<type>,<kind>,<µs>,<address>,<size>,<name>`,
// and for a JavaScript function the name ends in `,<sfi address>,<state>`:
// `*` optimized (TurboFan; `+` Maglev), `^` baseline (Sparkplug), `~`
// bytecode. The state, not <kind>, tells the compiler: CodeKind's numbers
// change between V8 versions.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface CodeTally {
  /** Bytes of optimized machine code (TurboFan, Maglev). */
  optimized: number;
  /** Bytes of baseline machine code (Sparkplug). */
  baseline: number;
  /** Bytes of WebAssembly functions compiled (tier-up included). */
  wasm: number;
  /** Optimized + baseline bytes by where the function's source came from. */
  byOrigin: Record<Origin, number>;
}

export type Origin = 'node' | 'sqljs' | 'stack' | 'app';

/** Node options that make a process log every code object V8 creates to `file`. */
export function codeLogFlags(file: string): string[] {
  return ['--log-code', '--no-logfile-per-isolate', `--logfile=${file}`];
}

/**
 * Whose source a function came from, by its script: `node:` URLs are Node's
 * own, the contender's bundle sits in build/bench-e2e/, sql.js's glue in its
 * package; everything else is the stack: its packages (Manouche's dist/, a
 * peer's node_modules) and code it generated at run time (compiled templates,
 * row classes), which has no script URL.
 */
export function originOf(name: string): Origin {
  if (/(^|\s)node:/.test(name)) return 'node';
  if (/\/build\/bench-e2e\/[^/]+\.mjs:/.test(name)) return 'app';
  if (/\/node_modules\/sql\.js\//.test(name)) return 'sqljs';
  return 'stack';
}

const LINE = /^code-creation,([^,]*),[^,]*,(\d+),[^,]*,(\d+),(.*)$/;
const STATE = /,0x[0-9a-f]+,([*+^~])$/;

/** One piece of machine code: which compiler made it, its size, and the function's name and place. */
export interface CodeEntry {
  compiler: 'optimized' | 'baseline' | 'wasm';
  size: number;
  /** `name url:line:column` for JavaScript (the name may be empty), `wasm-function[i]` for WebAssembly. */
  name: string;
}

/** The machine code a --log-code log shows created from `sinceMs` (the process's clock) on: functions' optimized and baseline code and WebAssembly, not bytecode or V8's builtins. */
export function codeEntries(log: string, sinceMs: number): CodeEntry[] {
  const entries: CodeEntry[] = [];
  const since = sinceMs * 1000;
  for (const line of log.split('\n')) {
    const m = LINE.exec(line);
    if (!m || Number(m[2]) < since) continue;
    const [type, size, rest] = [m[1], Number(m[3]), m[4]];
    if (rest.startsWith('wasm-function')) {
      entries.push({ compiler: 'wasm', size, name: rest.split(',')[0] });
      continue;
    }
    if (type !== 'JS') continue;
    const state = STATE.exec(rest);
    const compiler = state?.[1] === '*' || state?.[1] === '+' ? 'optimized' : state?.[1] === '^' ? 'baseline' : undefined;
    if (compiler) entries.push({ compiler, size, name: rest.slice(0, state!.index) });
  }
  return entries;
}

/** Bytes of machine code by compiler, and JavaScript's by origin. */
export function tallyEntries(entries: CodeEntry[]): CodeTally {
  const tally: CodeTally = { optimized: 0, baseline: 0, wasm: 0, byOrigin: { node: 0, sqljs: 0, stack: 0, app: 0 } };
  for (const e of entries) {
    tally[e.compiler] += e.size;
    if (e.compiler !== 'wasm') tally.byOrigin[originOf(e.name)] += e.size;
  }
  return tally;
}

const PLACE = /(file:\/\/\S+\.m?js):(\d+):(\d+)$/;

/**
 * Bytes of JavaScript code by the source file it was compiled from, for the
 * functions in modules under `dir` (a package's dist/): each place is looked
 * up in the module's source map (a module without one counts under its own
 * path). Functions elsewhere are left out.
 */
export function bySourceFile(entries: CodeEntry[], dir: string): Map<string, number> {
  const maps = new Map<string, SourceMap | undefined>();
  const out = new Map<string, number>();
  for (const e of entries) {
    const place = e.compiler === 'wasm' ? null : PLACE.exec(e.name);
    if (!place) continue;
    const file = fileURLToPath(place[1]);
    if (!file.startsWith(dir)) continue;
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))));
      } catch {
        maps.set(file, undefined);
      }
    }
    // V8 counts lines and columns from 1, source maps from 0.
    const found = maps.get(file)?.findEntry(Number(place[2]) - 1, Number(place[3]) - 1) as { originalSource?: string } | undefined;
    const source = found?.originalSource?.replace(/^(\.\.\/)+/, '') ?? file.slice(dir.length);
    out.set(source, (out.get(source) ?? 0) + e.size);
  }
  return out;
}
