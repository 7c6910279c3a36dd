import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PassThrough } from 'node:stream';
import { interactiveQuestioner, MigrationsAborted } from '../../src/node/questioner';
import { ModelState } from '../../src/db/migrations/index';
import { CharField } from '../../src/db/models/fields';

function io(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c) => (text += c));
  input.end(answers.map((a) => `${a}\n`).join(''));
  return { q: interactiveQuestioner({ input, output }), text: () => text };
}

test('renames are asked as y/N questions worded like Django', async () => {
  const { q, text } = io(['y', '', 'n']);
  const field = new CharField({ maxLength: 3 });
  assert.is(await q.askRenameField!('question', 'text', 'body', field), true);
  assert.is(await q.askRenameField!('question', 'a', 'b', field), false);
  assert.is(await q.askRenameModel!(new ModelState('polls', 'Poll', []), new ModelState('polls', 'Question', [])), false);
  assert.match(text(), /Was question\.text renamed to question\.body \(a CharField\)\? \[y\/N\] /);
  assert.match(text(), /Was the model polls\.Poll renamed to Question\? \[y\/N\] /);
});

test('a one-off default is read as JSON, after a bad answer and a bad option', async () => {
  const { q, text } = io(['9', '1', 'oops', '"x"']);
  assert.is(await q.askNotNullAddition!('question', 'slug'), 'x');
  assert.match(text(), /It is impossible to add a non-nullable field 'slug' to question without specifying a default\./);
  assert.match(text(), /Please select a valid option: 1 to 2/);
  assert.match(text(), /oops is not a JSON value/);
});

test('altering to not-null: ignore returns nothing, quit aborts, end of input aborts', async () => {
  assert.is(await io(['2']).q.askNotNullAlteration!('question', 'votes'), undefined);
  const now = await io(['1', 'now']).q.askNotNullAlteration!('question', 'when');
  assert.ok(now instanceof Date);
  try {
    await io(['3']).q.askNotNullAlteration!('question', 'votes');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, MigrationsAborted);
  }
  try {
    await io([]).q.askRenameField!('q', 'a', 'b', new CharField());
    assert.unreachable();
  } catch (e) {
    assert.instance(e, MigrationsAborted);
  }
});

test.run();
