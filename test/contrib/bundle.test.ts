// The contrib apps are isomorphic: each bundles for the browser with no Node
// builtin; Django's common-passwords list stays out of the core bundle.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';

const test = suite('contrib/bundle');

async function browserBuild(entry: string) {
  const result = await build({
    entryPoints: { entry },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/tmp/manouche-contrib-bundle',
    write: false,
    logLevel: 'silent',
  });
  assert.is(result.warnings.length, 0);
  return result.outputFiles;
}

for (const app of ['auth', 'contenttypes', 'sessions', 'messages', 'admin']) {
  test(`contrib/${app} bundles for a browser without Node builtins`, async () => {
    const files = await browserBuild(`src/contrib/${app}/index.ts`);
    assert.ok(files.length >= 1);
  });
}

test('Django\'s common-passwords list ships with contrib/auth, never in the core bundle', async () => {
  const GZIP_BASE64 = /["'`]H4sI/; // base64 of gzip's magic bytes, at the start of the embedded list
  const auth = (await browserBuild('src/contrib/auth/index.ts')).map((f) => f.text).join('\n');
  assert.ok(GZIP_BASE64.test(auth), 'the list is missing from contrib/auth');
  const core = (await browserBuild('src/index.ts')).map((f) => f.text).join('\n');
  assert.not.ok(GZIP_BASE64.test(core), 'the list is in the core bundle');
  const sessions = (await browserBuild('src/contrib/sessions/index.ts')).map((f) => f.text).join('\n');
  assert.not.ok(GZIP_BASE64.test(sessions), 'the list is in contrib/sessions');
});

test.run();
