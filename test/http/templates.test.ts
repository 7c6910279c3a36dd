import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('render(request) fills {% csrf_token %} with a masked token in a project without contrib.auth (Django\'s builtin csrf processor)', () => {
  // Its own process: in the test run, other suites have imported contrib.auth already.
  const script = fileURLToPath(new URL('./fixtures/csrf-render.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.match(out, /^<form><input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"><\/form>$/);
});

test.run();
