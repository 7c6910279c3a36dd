// One contender in its own process: `node --import tsx bench/e2e/child.ts <name>`.
// Prints "listening <port>" once it accepts, or "skip <reason>" and exits 0.
const name = process.argv[2];
if (!/^[a-z]+$/.test(name ?? '')) {
  console.error(`child.ts: expected a contender name, got ${JSON.stringify(name)}`);
  process.exit(2);
}
const contender = (await import(`./contenders/${name}.ts`)) as { listen(port: number): Promise<number> };
try {
  const port = await contender.listen(0);
  process.stdout.write(`listening ${port}\n`);
} catch (error) {
  if ((error as Error).name === 'SkipContender') {
    process.stdout.write(`skip ${(error as Error).message}\n`);
    process.exit(0);
  }
  throw error;
}
export {};
