/**
 * The router benchmark: Manouche's resolver against the JavaScript routers
 * users would otherwise pick, on the GitHub API route set and a Django-style
 * one. Before anything is timed, every contender must give the reference
 * resolver's answer (route and parameters) for every test path.
 *
 *   npm run build && npm run bench -- router
 */
import os from 'node:os';
import { CONTENDERS } from './router/contenders/index';
import { buildContenders, checkAgreement, checkContenders, checkKind, HarnessError } from './router/check';
import { BATCH, CASES } from './router/cases';
import { github } from './router/routes/github';
import { django } from './router/routes/django';
import { missFor, pathFor, prng } from './router/requests';
import { loopsFor, requestBuffer, stringsOnlyLoop, time } from './router/timing';
import { caseTable, summaryTable, type CaseResult } from './router/report';
import type { Contender } from './router/contender';
import type { RouteSet } from './router/route';

const OPTIONS = { time: 300, warmupTime: 100 };

/** Paths that exercise every route of a set, and misses next to them. */
function verificationPaths(set: RouteSet): string[] {
  const rand = prng(0xc0ffee);
  const paths: string[] = [];
  for (let id = 0; id < set.routes.length; id++) for (let k = 0; k < 3; k++) paths.push(pathFor(set, id, rand));
  for (let k = 0; k < 300; k++) paths.push(missFor(set, rand));
  return paths;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`router benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model.trim()})`);
  console.log(`tinybench: ${OPTIONS.time} ms per task after ${OPTIONS.warmupTime} ms warm-up; ${BATCH} lookups per iteration; figures are medians\n`);

  const bySet = new Map<RouteSet, Contender[]>();
  for (const set of [github, django]) {
    const { contenders, refused } = buildContenders(CONTENDERS, set);
    for (const r of refused) console.log(`not timed on '${set.name}': ${r.reason}`);
    checkContenders(contenders);
    const paths = [...verificationPaths(set), ...CASES.filter((c) => c.set === set).flatMap((c) => c.paths)];
    for (const c of CASES.filter((c) => c.set === set)) checkKind(set, c.name, c.paths, c.kind);
    checkAgreement(set, contenders, paths);
    console.log(`'${set.name}': ${set.routes.length} routes; ${contenders.length} contenders agree with the reference on ${paths.length} paths`);
    bySet.set(set, contenders);
  }
  console.log();

  const results: CaseResult[] = [];
  for (const c of CASES) {
    const contenders = bySet.get(c.set)!;
    const loops = loopsFor(contenders, c.paths, c.fresh);
    let stringNs: number | undefined;
    if (c.fresh) loops.push({ name: '(strings only)', run: stringsOnlyLoop(requestBuffer(c.paths)) });
    const timings = await time(loops, c.paths.length, OPTIONS);
    if (c.fresh) stringNs = timings.pop()!.ns;
    const result: CaseResult = { name: c.name, timings, peers: contenders.filter((x) => !x.ours).map((x) => x.name), stringNs };
    results.push(result);
    console.log(`## ${c.name} (${c.set.name} routes${c.paths.length > 1 && c.paths[0] !== c.paths[1] ? `, ${c.paths.length} requests` : `, ${c.paths[0]}`})`);
    console.log(caseTable(result) + '\n');
  }

  console.log('## Summary: lookups/s relative to the fastest peer of each case (above 1.00x is faster)');
  console.log(summaryTable(results, CONTENDERS.map((f) => f.name).filter((n) => results.some((r) => r.timings.some((t) => t.name === n)))));
}

main().catch((error) => {
  if (error instanceof HarnessError) console.error(`\n${error.message}`);
  else console.error(error);
  process.exit(1);
});
