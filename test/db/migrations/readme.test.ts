// The README's migration file, evaluated as written and applied after a 0001 that creates the model.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { SqlJsBackend } from '../../../src/db/index';
import { migrations, models, migrate, showmigrations, CreateModel } from '../../../src/db/migrations/index';
import { columnNames } from '../../../src/db/backends/introspection';

test("the README's migration file is a working migration", async () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('A migration file is a plain ES module');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  const body = block.replace(/^import .*$/m, '').replace('export default', 'return');
  const second = new Function('migrations', 'models', body)(migrations, models);
  const first = { initial: true, operations: [new CreateModel({ name: 'Question', fields: [['id', models.AutoField() as any], ['question_text', models.CharField({ maxLength: 200 }) as any]] })] };
  const db = await SqlJsBackend.open();
  const files = { polls: { '0001_initial': first, '0002_question_slug': second } };
  await migrate({ backend: db, files });
  assert.ok((await columnNames(db, 'polls_question')).includes('slug'));
  await migrate({ backend: db, files, app: 'polls', target: 'zero' });
  assert.equal(await showmigrations({ backend: db, files }), ['polls', ' [ ] 0001_initial', ' [ ] 0002_question_slug']);
  await db.close();
});

test.run();
