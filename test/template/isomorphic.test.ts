// The template engine belongs to the isomorphic core: no `node:` imports, and
// the built bundle of `manouche/template` loads none either.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('src/template imports no node: module', () => {
  for (const f of files('src/template')) {
    assert.not.match(readFileSync(f, 'utf8'), /from ['"]node:|require\(['"]node:/, f);
  }
});

test('the built manouche/template bundle imports no node: module', () => {
  const entry = 'dist/template/index.js';
  assert.ok(existsSync(entry), 'dist/template/index.js is missing: npm test builds it first (npm run build)');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    assert.not.match(text, /from ['"]node:|import\(['"]node:/, file);
    for (const m of text.matchAll(/from ['"](\.\.?\/[^'"]+)['"]/g)) visit(join(file, '..', m[1]));
  };
  visit(entry);
  assert.ok(seen.size >= 2);
});

test.run();
