// One contender in its own process. The harness bundles this module with one
// contender (bench/e2e/contenders/<name>.ts) into build/bench-e2e/<name>.mjs and
// runs that with plain `node`, as an application is deployed: npm packages
// (Manouche's dist included) stay outside the bundle and load from
// node_modules, and no TypeScript loader runs beside the server (tsx's hooks
// thread holds every loaded module's source, which would add megabytes to
// each contender's RSS, more to those loading more modules, and seconds to
// every cold start).
// Prints "listening <port>" once it accepts, or "skip <reason>" and exits 0.
// With E2E_HEAP_SNAPSHOTS=<dir> (the harness sets it for E2E_HEAP=1), SIGUSR2
// writes a heap snapshot to <dir>/<pid>-<n>.heapsnapshot (see heapSnapshot()
// in harness.ts), every contender alike.
export async function main(listen: (port: number) => Promise<number>): Promise<void> {
  const snapshots = process.env.E2E_HEAP_SNAPSHOTS;
  if (snapshots) {
    const { writeHeapSnapshot } = await import('node:v8');
    const { renameSync } = await import('node:fs');
    let taken = 0;
    process.on('SIGUSR2', () => {
      const file = `${snapshots}/${process.pid}-${taken++}.heapsnapshot`;
      // written under another name first: the harness waits for this one to appear
      renameSync(writeHeapSnapshot(`${file}.part`), file);
    });
  }
  try {
    const port = await listen(0);
    process.stdout.write(`listening ${port}\n`);
  } catch (error) {
    if ((error as Error).name === 'SkipContender') {
      process.stdout.write(`skip ${(error as Error).message}\n`);
      process.exit(0);
    }
    throw error;
  }
}
