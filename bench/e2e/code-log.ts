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

/** Tallies the code a --log-code log shows created from `sinceMs` (the process's clock) on. */
export function tallyCodeLog(log: string, sinceMs: number): CodeTally {
  const tally: CodeTally = { optimized: 0, baseline: 0, wasm: 0, byOrigin: { node: 0, sqljs: 0, stack: 0, app: 0 } };
  const since = sinceMs * 1000;
  for (const line of log.split('\n')) {
    const m = LINE.exec(line);
    if (!m || Number(m[2]) < since) continue;
    const [type, size, name] = [m[1], Number(m[3]), m[4]];
    if (name.startsWith('wasm-function')) {
      tally.wasm += size;
      continue;
    }
    if (type !== 'JS') continue;
    const state = STATE.exec(name)?.[1];
    if (state === '*' || state === '+') tally.optimized += size;
    else if (state === '^') tally.baseline += size;
    else continue;
    tally.byOrigin[originOf(name)] += size;
  }
  return tally;
}
