// The contrib apps are isomorphic: each bundles for the browser with no Node
// builtin, and Django's common-passwords list stays out of the entry chunk
// (a lazy chunk loaded by CommonPasswordValidator's first use).
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

for (const app of ['auth', 'contenttypes', 'sessions', 'messages']) {
  test(`contrib/${app} bundles for a browser without Node builtins`, async () => {
    const files = await browserBuild(`src/contrib/${app}/index.ts`);
    assert.ok(files.length >= 1);
  });
}

test('the common-passwords list is a separate, lazily imported chunk', async () => {
  const files = await browserBuild('src/contrib/auth/index.ts');
  const entry = files.find((f) => /[\\/]entry\.js$/.test(f.path))!;
  const GZIP_BASE64 = /["'`]H4sI/; // base64 of gzip's magic bytes, at the start of the embedded list
  assert.not.ok(GZIP_BASE64.test(entry.text), 'the list is in the entry chunk');
  const chunk = files.find((f) => GZIP_BASE64.test(f.text));
  assert.ok(chunk, 'no chunk holds the list');
  assert.ok(chunk!.contents.length > 100_000 && chunk!.contents.length < 130_000, String(chunk!.contents.length));
  assert.match(entry.text, /import\("\.\/common-passwords\.data-[A-Z0-9]+\.js"\)/);
});

test.run();
