/**
 * RunCode with historical models (Django's RunPython + apps.get_model):
 * the function gets the models as the migration state has them at that
 * point — a field added by a later migration is not there yet, even though
 * the live class has it — and they query and save like any model; the
 * reverse code gets the state it goes back to. On sql.js and PostgreSQL.
 */
import * as assert from 'uvu/assert';
import { LookupError } from '../../../src/core/exceptions';
import { MigrationExecutor, MigrationLoader, type Apps } from '../../../src/db/migrations/index';
import { AddField, CreateModel, RunCode } from '../../../src/db/migrations/operations/index';
import { AutoField, CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, fields } from '../../../src/db/models/fields';
import { defineModel } from '../../../src/db/models/model';
import { registry } from '../../../src/db/models/options';
import { dbSuite, rejects } from '../harness';

// the live model already has pub_date; the history adds it only in 0003
const LiveQuestion = defineModel('hist.Question', { question_text: fields.CharField({ maxLength: 200 }), pub_date: fields.DateTimeField({ null: true }) });

const seen: Record<string, unknown> = {};

const history = {
  hist: {
    '0001_initial': {
      initial: true,
      operations: [
        new CreateModel({ name: 'Question', fields: [['id', new AutoField({ verboseName: 'ID' })], ['question_text', new CharField({ maxLength: 200 })]] }),
        new CreateModel({
          name: 'Choice',
          fields: [['id', new AutoField({ verboseName: 'ID' })], ['question', new ForeignKey('hist.Question', { onDelete: CASCADE })], ['votes', new IntegerField({ default: 0 })]],
        }),
      ],
    },
    '0002_data': {
      dependencies: [['hist', '0001_initial']],
      operations: [
        new RunCode({
          code: async (apps: Apps) => {
            const Question = apps.getModel('hist', 'question');
            const Choice = apps.getModel('hist', 'Choice');
            seen.fields0002 = Question._meta.fields.map((f: { name: string }) => f.name);
            seen.isLive = Question === LiveQuestion;
            const q = await Question.objects.create({ question_text: 'What is new?' });
            await Choice.objects.create({ question: q, votes: 3 });
            seen.joined = await Choice.objects.filter({ question__question_text: 'What is new?' }).count();
            try {
              apps.getModel('hist', 'Poll');
            } catch (e) {
              seen.missing = e;
            }
          },
          reverseCode: async (apps: Apps) => {
            await apps.getModel('hist', 'Question').objects.all().delete();
          },
        }),
      ],
    },
    '0003_pub_date': {
      dependencies: [['hist', '0002_data']],
      operations: [
        new AddField({ modelName: 'question', name: 'pub_date', field: new DateTimeField({ null: true }) }),
        new RunCode({
          code: async (apps: Apps) => {
            const Question = apps.getModel('hist', 'Question');
            seen.fields0003 = Question._meta.fields.map((f: { name: string }) => f.name);
            await Question.objects.update({ pub_date: new Date('2024-01-02T03:04:05Z') });
          },
          reverseCode: RunCode.noop,
        }),
      ],
    },
  },
};

dbSuite('RunCode with historical models', [], (test, ctx) => {
  test('the function sees the fields of its point in history, saves and queries through them; reverse code runs going back', async () => {
    const loader = new MigrationLoader(history as never);
    const ex = new MigrationExecutor(ctx.db, loader);
    await ex.migrate(ex.migrationPlan([['hist', '0002_data']], new Set()));
    assert.equal(seen.fields0002, ['id', 'question_text'], 'no pub_date yet, though the live model has one');
    assert.is(seen.isLive, false);
    assert.is(seen.joined, 1, 'relations resolve among the historical models');
    assert.instance(seen.missing, LookupError);
    assert.match((seen.missing as Error).message, "App 'hist' doesn't have a 'Poll' model");
    assert.equal(await ctx.db.query('SELECT question_text FROM hist_question', []), [['What is new?']]);

    await ex.migrate(ex.migrationPlan([['hist', '0003_pub_date']], new Set((await ex.recorder.applied()).keys())));
    assert.equal(seen.fields0003, ['id', 'question_text', 'pub_date']);
    const q = await LiveQuestion.objects.get({ question_text: 'What is new?' });
    assert.is((q.pub_date as Date).toISOString(), '2024-01-02T03:04:05.000Z', 'the historical save reached the live table');
    // nothing historical leaked into the live registry
    assert.equal([...registry.keys()].filter((k) => k.startsWith('hist.')), ['hist.Question']);

    // back to 0001: 0003's noop, then 0002's reverse code deletes through the historical model
    await ex.migrate(ex.migrationPlan([['hist', '0001_initial']], new Set((await ex.recorder.applied()).keys())));
    assert.equal(await ctx.db.query('SELECT COUNT(*) FROM hist_question', []), [[0]]);
    await ex.migrate(ex.migrationPlan([['hist', null]], new Set((await ex.recorder.applied()).keys())));
  });

  test('a failing RunCode rolls its migration back and names it', async () => {
    const loader = new MigrationLoader({
      bad: {
        '0001_initial': {
          operations: [
            new CreateModel({ name: 'Thing', fields: [['id', new AutoField({ verboseName: 'ID' })]] }),
            new RunCode({ code: async (apps: Apps) => apps.getModel('bad', 'Thing').objects.create({ nope: 1 }) }),
          ],
        },
      },
    } as never);
    const ex = new MigrationExecutor(ctx.db, loader);
    const e = await rejects(() => ex.migrate(ex.migrationPlan([['bad', '0001_initial']], new Set())), Error);
    assert.match(e.message, 'Applying bad.0001_initial failed at operation 2 (Raw code operation)');
    assert.match(e.message, "unexpected keyword argument 'nope'");
    assert.not.ok((await ex.recorder.applied()).has('bad.0001_initial'));
  });
});
