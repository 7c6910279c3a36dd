// What a running app loads: importing manouche/node and serving must not pull
// in the optional dependencies (PostgreSQL, Redis, SMTP, Liquid) nor the CLI,
// the migration engine or, in an app without forms, the forms package, which cost idle memory in every server process
// (Redis alone was ~19 MiB). Checked in a child process, module by module.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';

const child = fileURLToPath(new URL('./fixtures/loaded-modules.ts', import.meta.url));

function run(scenario: string): { modules: string[]; builtins: string[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, scenario], { encoding: 'utf8', timeout: 60_000 });
  const { status, modules, builtins } = JSON.parse(out) as { status: number; modules: string[]; builtins: string[] };
  assert.is(status, 200, `the ${scenario} app answered its request`);
  assert.ok(modules.length > 10, 'the hook saw the modules load');
  return { modules, builtins };
}

const modules = (scenario: string): string[] => run(scenario).modules;

const OPTIONAL = /\/node_modules\/(pg|pg-pool|pg-protocol|redis|@redis\/[^/]+|nodemailer|liquidjs|bcryptjs)\//;

test('the polls example set up as npm start does (built package) loads none of pg, redis, nodemailer, liquidjs', () => {
  const loaded = modules('polls');
  assert.ok(loaded.some((m) => m.includes('/dist/node/index.js')), 'it ran on the built package');
  assert.equal(loaded.filter((m) => OPTIONAL.test(m)), []);
});

const ENGINE = /\/src\/db\/migrations\/(api|autodetector|executor|loader|writer|squash|optimizer)\.ts/;

test('a sessions + CSRF app on manouche/node loads neither the optional packages nor the CLI nor the migration engine', () => {
  const loaded = modules('core');
  assert.ok(loaded.some((m) => m.includes('/src/contrib/sessions/middleware.ts')), 'it ran on src/');
  assert.equal(loaded.filter((m) => OPTIONAL.test(m)), []);
  // BaseCommand and ArgumentParser (what an app's own commands extend) are small and exported as they are.
  assert.equal(loaded.filter((m) => /\/src\/core\/management\/(?!(base|argparse|color)\.ts$)/.test(m)), [], 'the CLI loads on its first command');
  assert.equal(loaded.filter((m) => ENGINE.test(m)), [], 'the migration engine is the commands\' to load');
  // FilePathField's file-system hook is installed without loading forms (~2 MiB of heap for fields and widgets).
  assert.equal(loaded.filter((m) => /\/src\/forms\/(?!filepath-fs\.ts$)/.test(m)), [], 'an app without forms loads no forms module');
});

test('an app served over node:http (the direct path) never loads undici, the fetch globals\' 1.6 MiB of heap', () => {
  const { builtins } = run('served');
  assert.ok(builtins.includes('http'), 'Node\'s own modules are listed');
  assert.equal(builtins.filter((m) => m.includes('undici')), []);
});

test('contenttypes, auth and the admin (migrations, post_migrate receivers) do not load the migration engine either', () => {
  const loaded = modules('contrib');
  assert.ok(loaded.some((m) => m.includes('/src/contrib/auth/models.ts')), 'auth was imported');
  assert.equal(loaded.filter((m) => ENGINE.test(m)), []);
  // An app's migrations load when a command first asks for them (AppConfig `migrations` as a function), as Django's do.
  assert.equal(loaded.filter((m) => /\/src\/contrib\/(auth|sessions|admin)\/migrations\//.test(m)), [], 'no app\'s migration modules are imported by serving');
});

test('an app importing each area from its subpath (manouche/node/server, …/core/handlers, …/http, …/db) loads none of the rest of the API', () => {
  const loaded = modules('lean');
  assert.ok(loaded.some((m) => m.includes('/src/node/server-entry.ts')), 'it ran on the subpaths');
  const none = (what: string, pattern: RegExp) => assert.equal(loaded.filter((m) => pattern.test(m)), [], what);
  none('the whole-API entries', /\/src\/(index|node\/index)\.ts$/);
  none('the migration framework (operations, state, the DSL) or any app\'s migrations', /\/src\/(db\/migrations|contrib\/[a-z]+\/migrations)\//);
  // Not even BaseCommand and its argument parser: sessions' and auth's commands are imported when one runs.
  none('the CLI (commands, BaseCommand, the argument parser) and checks', /\/src\/core\/(management\/(?!color\.ts$)|checks\/)/);
  none('static files, serializers, mail, forms', /\/src\/(contrib\/staticfiles|core\/serializers|core\/mail|forms)\//);
  none('manouche/node\'s other modules (storage, uploads, Redis, the management doors; the error-mail hook is in, its mail code is not)', /\/src\/node\/(?!(server|server-entry|cluster|context|engines|error-mail)\.ts$)/);
  none('@noble/hashes, which only salted_hmac needs (imported on its first use)', /\/node_modules\/@noble\//);
  none('the DEBUG technical pages (imported by the first one shown)', /\/src\/views\/debug\.ts$/);
  none('the optional packages', OPTIONAL);
});

test('the built package serves that app from a handful of module files: the serving core is one chunk (scripts/merge-chunks.mjs)', () => {
  const dist = new URL('../../dist/', import.meta.url).href;
  const files = modules('lean-built').filter((m) => m.startsWith(dist));
  assert.ok(files.some((m) => m.endsWith('/dist/node/server.js')), 'it ran on the built package');
  assert.ok(files.some((m) => m.endsWith('/dist/chunk-serving.js')), 'the serving core is its own chunk');
  // Each module costs heap of its own (the loader's records; a small module's source sits in the
  // young generation): split by entry sets, the same code was 51 files.
  assert.ok(files.length <= 20, `${files.length} files of dist/ loaded:\n${files.join('\n')}`);
});

test('the built package imports Node builtins by their node: names (tsup would strip the prefix)', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const js = (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
  assert.ok(js.length > 10, 'dist/ is built');
  const bare = new Set(builtinModules.filter((m) => !m.startsWith('_')));
  const specifiers = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
  const unprefixed: string[] = [];
  let prefixed = 0;
  for (const file of js) {
    for (const [, spec] of readFileSync(`${dist}${file}`, 'utf8').matchAll(specifiers)) {
      if (spec.startsWith('node:')) prefixed++;
      else if (bare.has(spec)) unprefixed.push(`${file}: ${spec}`);
    }
  }
  assert.ok(prefixed > 10, 'the scan sees the node: imports');
  assert.equal(unprefixed, []);
});

test('the package\'s bin is a runnable script after a build (Rollup\'s rewrite in merge-chunks.mjs keeps its mode)', () => {
  const root = new URL('../../', import.meta.url);
  const bin = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { bin: Record<string, string> }).bin.manouche!;
  const file = fileURLToPath(new URL(bin, root));
  assert.ok(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n'), 'a node script');
  assert.is(statSync(file).mode & 0o111, 0o111, `${bin} is executable`);
  assert.match(execFileSync(file, ['--version'], { encoding: 'utf8' }), /\d+\.\d+/);
});

test.run();
