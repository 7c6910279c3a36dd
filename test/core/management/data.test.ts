/**
 * The data commands through the real binary on a sql.js file database:
 * dumpdata -> flush -> loaddata round trips (with and without natural keys),
 * fixture lookup and errors, inspectdb, diffsettings, shell -c and dbshell.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREATE_TABLES, ROOT, manouche, pollsFiles, removeProject, tempProject, writeFiles } from './helpers';

let dir = '';
const run = (...args: string[]) => manouche(args, { cwd: dir });
const ok = (...args: string[]) => {
  const r = run(...args);
  assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

const SEED = `${CREATE_TABLES}
const ann = await Author.objects.create({ first_name: 'Ann', last_name: 'Smith' });
const [a, b] = [await Tag.objects.create({ name: 'a' }), await Tag.objects.create({ name: 'b' })];
const q = await Question.objects.create({
  question_text: "What's new? — ünïcode", pub_date: new Date('2024-05-06T07:08:09.123Z'), closes: '2024-06-01',
  price: '12.50', duration: 90061001, ref: '12345678-1234-5678-1234-567812345678', extra: { a: [1, 2], b: null }, open: false, author: ann,
});
await q.tags.add(a, b);
await Question.objects.create({ question_text: 'Second', pub_date: new Date('2024-01-01T00:00:00Z') });
await Choice.objects.create({ question: q, choice_text: 'Not much', votes: 3 });
await Choice.objects.create({ question: q, choice_text: 'The sky', votes: 0 });`;

test.before(() => {
  dir = tempProject(pollsFiles);
  ok('shell', '-c', SEED);
});
test.after(() => removeProject(dir));

test("dumpdata writes Django's JSON: model labels in lower case, pk apart, Python's separators, dates in ISO 8601", () => {
  assert.is(ok('dumpdata', 'polls.tag'), '[{"model": "polls.tag", "pk": 1, "fields": {"name": "a"}}, {"model": "polls.tag", "pk": 2, "fields": {"name": "b"}}]');
  const questions = JSON.parse(ok('dumpdata', 'polls.Question', '--pks', '1'));
  assert.equal(questions, [
    {
      model: 'polls.question',
      pk: 1,
      fields: {
        question_text: "What's new? — ünïcode",
        pub_date: '2024-05-06T07:08:09.123Z',
        closes: '2024-06-01',
        price: '12.50',
        duration: '1 01:01:01.001000',
        ref: '12345678-1234-5678-1234-567812345678',
        extra: { a: [1, 2], b: null },
        open: false,
        author: 1,
        tags: [1, 2],
      },
    },
  ]);
  assert.is(ok('dumpdata', 'polls.tag', '--indent', '2'), '[\n{\n  "model": "polls.tag",\n  "pk": 1,\n  "fields": {\n    "name": "a"\n  }\n},\n{\n  "model": "polls.tag",\n  "pk": 2,\n  "fields": {\n    "name": "b"\n  }\n}\n]\n');
  const excluded = JSON.parse(ok('dumpdata', 'polls', '-e', 'polls.choice', '-e', 'polls.question'));
  assert.equal([...new Set(excluded.map((o: { model: string }) => o.model))], ['polls.author', 'polls.tag']);
});

test('dumpdata -> flush -> loaddata gives back the same data', () => {
  ok('dumpdata', '--indent', '2', '-o', 'dump.json');
  const before = readFileSync(join(dir, 'dump.json'), 'utf8');
  assert.is(JSON.parse(before).length, 7);
  const cancelled = manouche(['flush'], { cwd: dir, input: 'no\n' });
  assert.match(cancelled.stdout, 'Type \'yes\' to continue, or \'no\' to cancel: ');
  assert.match(cancelled.stdout, 'Flush cancelled.');
  assert.is(JSON.parse(ok('dumpdata')).length, 7);
  ok('flush', '--no-input');
  assert.is(ok('dumpdata'), '[]');
  assert.is(ok('loaddata', 'dump.json'), 'Installed 7 object(s) from 1 fixture(s)\n');
  assert.is(ok('dumpdata', '--indent', '2'), before);
  // loading again updates the same rows rather than duplicating them
  assert.is(ok('loaddata', 'dump.json'), 'Installed 7 object(s) from 1 fixture(s)\n');
  assert.is(ok('dumpdata', '--indent', '2'), before);
  // the key sequence continues after the loaded keys
  ok('shell', '-c', "const t = await Tag.objects.create({ name: 'c' }); if (t.pk !== 3) throw new Error(`pk ${t.pk}`); await t.delete();");
});

test('natural keys: --natural-foreign writes the key instead of the pk, --natural-primary omits the pk; loaddata resolves them', () => {
  const dumped = JSON.parse(ok('dumpdata', 'polls', '--natural-foreign', '--natural-primary'));
  // a model comes after the natural-keyed models it refers to
  assert.equal(dumped[0], { model: 'polls.author', fields: { first_name: 'Ann', last_name: 'Smith' } });
  assert.equal(dumped.find((o: any) => o.model === 'polls.question' && o.pk === 1).fields.author, ['Ann', 'Smith']);
  writeFileSync(join(dir, 'natural.json'), JSON.stringify(dumped));
  ok('flush', '--no-input');
  assert.is(ok('loaddata', 'natural.json'), 'Installed 7 object(s) from 1 fixture(s)\n');
  ok('shell', '-c', "const q = await Question.objects.get({ pk: 1 }); const a = await q.fetchRelated('author'); if (a.last_name !== 'Smith') throw new Error('author ' + a.last_name);");
  // loading the author again finds it by its natural key: no duplicate
  assert.is(ok('loaddata', 'natural.json'), 'Installed 7 object(s) from 1 fixture(s)\n');
  assert.is(JSON.parse(ok('dumpdata', 'polls.author')).length, 1);
});

test("fixtures are found by name in each app's fixtures/ directory; a failing fixture loads nothing", () => {
  writeFiles(dir, {
    'polls/fixtures/tags.json': JSON.stringify([{ model: 'polls.tag', pk: 10, fields: { name: 'ten' } }]),
    'bad.json': JSON.stringify([{ model: 'polls.tag', pk: 11, fields: { name: 'eleven' } }, { model: 'polls.nope', pk: 1, fields: {} }]),
    'badfield.json': JSON.stringify([{ model: 'polls.tag', pk: 12, fields: { name: 'twelve', colour: 'red' } }]),
    'dupe.json': JSON.stringify([{ model: 'polls.tag', pk: 13, fields: { name: 'ten' } }]),
    'broken.json': '[{"model": "polls.tag",\n "pk": 1 "fields": {}}]',
  });
  assert.is(ok('loaddata', 'tags'), 'Installed 1 object(s) from 1 fixture(s)\n');
  const errors: Array<[string[], string]> = [
    [['loaddata', 'nope'], "CommandError: No fixture named 'nope' found.\n"],
    [['loaddata', 'bad.json'], `CommandError: Problem installing fixture '${join(dir, 'bad.json')}': Invalid model identifier: 'polls.nope'\n`],
    [['loaddata', 'badfield.json'], `CommandError: Problem installing fixture '${join(dir, 'badfield.json')}': polls.Tag(pk=12): Tag has no field named 'colour'\n`],
    [['loaddata', 'x.xml'], "CommandError: Problem installing fixture 'x': xml is not a known serialization format.\n"],
    [['dumpdata', 'nope'], "CommandError: No installed app with label 'nope'.\n"],
    [['dumpdata', 'polls.Nope'], 'CommandError: Unknown model: polls.Nope\n'],
    [['dumpdata', '--format', 'xml'], 'CommandError: Unknown serialization format: xml\n'],
  ];
  for (const [args, stderr] of errors) {
    const r = run(...args);
    assert.is(r.status, 1, args.join(' '));
    assert.is(r.stderr, stderr);
  }
  const dupe = run('loaddata', 'dupe.json');
  assert.is(dupe.status, 1);
  assert.match(dupe.stderr, `Problem installing fixture '${join(dir, 'dupe.json')}': Could not load polls.Tag(pk=13): `);
  assert.match(run('loaddata', 'broken.json').stderr, 'invalid JSON at line 2');
  assert.is(ok('loaddata', 'badfield.json', '--ignorenonexistent'), 'Installed 1 object(s) from 1 fixture(s)\n');
  const names = JSON.parse(ok('dumpdata', 'polls.tag')).map((o: any) => o.fields.name);
  assert.not.ok(names.includes('eleven'), 'the object before the failure was rolled back');
  assert.ok(names.includes('ten') && names.includes('twelve'));
});

test('inspectdb prints defineModel() declarations that load as a module', () => {
  const out = ok('inspectdb', '--app-label', 'legacy');
  assert.match(out, '// This is an auto-generated manouche model module.');
  assert.match(out, "export const PollsQuestion = defineModel('legacy.PollsQuestion', {\n  question_text: CharField({ maxLength: 200 }),\n  pub_date: DateTimeField(),\n  closes: DateField({ null: true, blank: true }),\n  price: DecimalField({ maxDigits: 6, decimalPlaces: 2 }),");
  assert.match(out, "  author: ForeignKey('PollsAuthor', { onDelete: DO_NOTHING, null: true, blank: true }),");
  assert.match(out, "  // managed: false, (remove this line if you wish to allow manouche to create, modify, and delete the table)\n  dbTable: 'polls_question',");
  assert.match(out, "uniqueTogether: [['first_name', 'last_name']]");
  assert.match(out, "  name: CharField({ maxLength: 20, unique: true }),");
  assert.not.match(out, '  id: AutoField');
  writeFileSync(join(dir, 'legacy.ts'), `${out}\nconsole.log(PollsQuestionTags._meta.fields.map((f) => f.name).join(','));\n`);
  const loaded = spawnSync(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), 'legacy.ts'], { cwd: dir, encoding: 'utf8' });
  assert.is(loaded.status, 0, loaded.stderr);
  assert.is(loaded.stdout, 'id,question,tag\n');
  assert.match(ok('inspectdb', 'polls_tag'), "export const PollsTag = defineModel('inspectdb.PollsTag'");
});

test('diffsettings shows what differs from the defaults, ### marking names that are not defaults', () => {
  const out = ok('diffsettings');
  assert.match(out, "DEBUG = true\n");
  assert.match(out, "INSTALLED_APPS = [ 'polls' ]\n");
  assert.match(out, "TIME_ZONE = 'UTC'\n");
  assert.not.match(out, 'APPEND_SLASH');
  const all = ok('diffsettings', '--all');
  assert.match(all, '### APPEND_SLASH = true\n');
  const unified = ok('diffsettings', '--output', 'unified');
  assert.match(unified, "- TIME_ZONE = 'America/Chicago'\n+ TIME_ZONE = 'UTC'\n");
  writeFiles(dir, { 'base.ts': "export const TIME_ZONE = 'UTC';\nexport const DEBUG = true;\n" });
  const against = ok('diffsettings', '--default', './base.ts');
  assert.not.match(against, 'TIME_ZONE');
  assert.not.match(against, 'DEBUG');
});

test('shell -c runs code with the models in scope and top-level await; bad code is a CommandError', () => {
  assert.is(ok('shell', '-c', "console.log(await Question.objects.count(), await Choice.objects.filter({ votes__gt: 0 }).count(), typeof settings.DEBUG)"), '2 1 boolean\n');
  const r = run('shell', '-c', 'this is not javascript');
  assert.is(r.status, 1);
  assert.match(r.stderr, 'CommandError: The code given to shell (-c) does not parse');
  assert.is(manouche(['shell'], { cwd: dir, input: 'console.log(await Tag.objects.count());' }).stdout, '4\n');
});

test('dbshell opens the database client with the connection settings, or says which program is missing', () => {
  const r = manouche(['dbshell'], { cwd: dir, input: 'SELECT count(*) FROM polls_choice;\n' });
  if (spawnSync('which', ['sqlite3']).status === 0) {
    assert.is(r.status, 0, r.stderr);
    assert.is(r.stdout, '2\n');
  }
  const missing = manouche(['dbshell'], { cwd: dir, env: { PATH: '/nonexistent' } });
  assert.is(missing.status, 1);
  assert.is(missing.stderr, "CommandError: You appear not to have the 'sqlite3' program installed or on your path.\n");
});

test.run();
