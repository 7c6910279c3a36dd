// Runs every uvu suite under test/ (TypeScript through tsx) in one process and
// ends with the line CI reads: "N passed, N failed". uvu prints its own totals;
// a file that fails to load counts as a failure, so a broken run is never green.
// Failures are recapped (file, test, first lines of the error) just before that
// line, because a CI log is often read from its tail only.
import { spawn } from 'node:child_process';

const args = ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', '\\.test\\.ts$', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env } });

let output = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk.toString();
});

child.on('close', (code) => {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const number = (label) => Number((plain.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? 0);
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped');
  // uvu's Total counts the tests that ran; test.skip() ones are only in Skipped.
  let failed = total - passed;
  if (code !== 0 && failed === 0) failed = 1;
  const recap = failureRecap(plain);
  if (recap.length) console.log(`\nFailed tests:\n${recap.join('\n')}\n`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 && total > 0 ? 0 : 1);
});

function failureRecap(plain) {
  const lines = plain.split('\n');
  const recap = [];
  let file = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^\S.*\.test\.ts$/.test(lines[i])) file = lines[i];
    if (!/^\s+FAIL\s/.test(lines[i])) continue;
    const detail = lines.slice(i + 1, i + 6).filter((line) => line.trim() && !/^\s+at /.test(line));
    recap.push(`  ${file}: ${lines[i].replace(/^\s+FAIL\s+/, '')}`, ...detail.slice(0, 3).map((line) => `    ${line.trim()}`));
  }
  return recap;
}
