import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { AppConfig, apps, connections, defineApp, defineModel, CharField, registerApp, resetSettings, settings, setup, ImproperlyConfigured, LookupError } from '../../src/index';

const Thing = defineModel('appsreg.Thing', { name: CharField({ maxLength: 10 }) });

test('an app label defaults to the last part of its dotted name', () => {
  const app = defineApp({ name: 'myproject.polls' });
  assert.is(app.label, 'polls');
  assert.is(app.verboseName, 'Polls');
});

test('populate runs every ready() in INSTALLED_APPS order, and names resolve to registered apps', async () => {
  const calls: string[] = [];
  registerApp(defineApp({ name: 'manouche.test.registered', label: 'registered', ready: () => void calls.push('registered') }));
  const local = defineApp({ name: 'appsreg', ready() { calls.push(this.label); } });
  await apps.populate(['manouche.test.registered', local]);
  assert.equal(calls, ['registered', 'appsreg']);
  assert.ok(apps.ready);
  assert.ok(apps.isInstalled('appsreg'));
  assert.is(apps.getAppConfig('appsreg'), local);
  assert.equal(apps.getModels('appsreg').map((o) => o.label), ['appsreg.Thing']);
  assert.is(apps.getModel('appsreg.thing').model, Thing);
});

test('duplicate labels and unknown names are configuration errors naming the app', async () => {
  const err = await apps.populate([defineApp({ name: 'a.polls' }), defineApp({ name: 'b.polls' })]).catch((e) => e);
  assert.instance(err, ImproperlyConfigured);
  assert.match(err.message, "Application labels aren't unique, duplicates: polls");
  const unknown = await apps.populate(['no.such.app']).catch((e) => e);
  assert.match(unknown.message, "'no.such.app'");
});

test('an unknown app label is a LookupError suggesting a near label', async () => {
  await apps.populate([defineApp({ name: 'Polls' })]);
  assert.throws(() => apps.getAppConfig('polls'), (e: unknown) => e instanceof LookupError && /Did you mean 'Polls'/.test((e as Error).message));
  assert.throws(() => apps.getModel('Polls.Nope'), /doesn't have a 'Nope' model/);
});

test('bad app names are refused', () => {
  assert.throws(() => new AppConfig({ name: 'has space' }), (e: unknown) => e instanceof ImproperlyConfigured);
  assert.throws(() => defineApp({ name: 'ok', label: 'bad-label' }), /not a valid identifier/);
});

test('setup() applies settings, populates apps and opens DATABASES', async () => {
  try {
    await setup({ INSTALLED_APPS: [defineApp({ name: 'appsreg' })], DATABASES: { setupdb: { ENGINE: 'manouche.db.backends.sqljs' } } });
    assert.ok(connections.has('setupdb'));
    assert.equal((await connections.get('setupdb').query('SELECT 1 AS one', [])).length, 1);
    const bad = await setup({ DATABASES: { other: { ENGINE: 'nope' } } }).catch((e) => e);
    assert.match(bad.message, "DATABASES['other'].ENGINE is 'nope'");
  } finally {
    await connections.get('setupdb').close();
    connections.delete('setupdb');
    resetSettings();
  }
  assert.equal(settings.DATABASES, {});
});

test('an app\'s migrations given as a function are imported once, when first asked for', async () => {
  let calls = 0;
  const modules = { '0001_initial': { default: {} } };
  const app = defineApp({ name: 'lazymig', migrations: async () => (calls++, modules) });
  assert.ok(app.hasMigrations);
  assert.is(calls, 0, 'defining the app imports nothing');
  assert.is(await app.loadMigrations(), modules);
  assert.is(await app.loadMigrations(), modules);
  assert.is(calls, 1);
  const eager = defineApp({ name: 'eagermig', migrations: modules });
  assert.is(await eager.loadMigrations(), modules);
  const none = defineApp({ name: 'nomig' });
  assert.not.ok(none.hasMigrations);
  assert.is(await none.loadMigrations(), undefined);
});

test('migrations that are neither modules nor a function, or a function that gives no modules, are errors naming the app', async () => {
  assert.throws(() => defineApp({ name: 'badmig', migrations: 'polls.migrations' as any }), (e: Error) => e instanceof ImproperlyConfigured && /App 'badmig': 'migrations' must be/.test(e.message));
  const app = defineApp({ name: 'emptymig', migrations: async () => null as any });
  const err = await app.loadMigrations().catch((e) => e);
  assert.instance(err, ImproperlyConfigured);
  assert.match(err.message, "App 'emptymig': its 'migrations' function gave null");
  const throwing = defineApp({ name: 'throwmig', migrations: () => { throw new Error('no such module'); } });
  assert.match((await throwing.loadMigrations().catch((e) => e)).message, 'no such module', 'a synchronous throw is a rejection');
});

test('a failed migrations import is not kept: the next call imports again and can succeed', async () => {
  let calls = 0;
  const flaky = defineApp({
    name: 'flakymig',
    migrations: async () => {
      calls++;
      if (calls === 1) throw new Error('ECONNRESET while fetching the chunk');
      return { '0001_initial': { operations: [] } };
    },
  });
  assert.match((await flaky.loadMigrations().catch((e) => e)).message, 'ECONNRESET');
  assert.equal(Object.keys((await flaky.loadMigrations())!), ['0001_initial']);
  await flaky.loadMigrations();
  assert.is(calls, 2, 'a successful import is kept');
});

test.run();
