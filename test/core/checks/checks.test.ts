/** The system check framework: Django's ids, levels, formatting, tags and SILENCED_SYSTEM_CHECKS. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CASCADE, CharField, ForeignKey, apps, configure, defineApp, defineModel, registry, resetSettings, settings } from '../../../src/index';
import { CheckMessage, CheckRegistry, ERROR, Error as CheckError, Warning, runChecks, tagExists, Tags } from '../../../src/core/checks/index';
import { formatChecks } from '../../../src/core/management/run-checks';
import { makeStyle } from '../../../src/core/management/color';

// Defined when this suite starts, not at import: every suite is imported before any runs and
// shares one model registry, where chkapp.Orphan's unresolvable relation breaks other suites' deletes.
test.before(() => {
  const Target = defineModel('chkapp.Target', { name: CharField({ maxLength: 10 }) });
  defineModel('chkapp.Left', { target: ForeignKey(() => Target, { onDelete: CASCADE, relatedName: 'things' }) });
  defineModel('chkapp.Right', { target: ForeignKey(() => Target, { onDelete: CASCADE, relatedName: 'things' }) });
  defineModel('chkapp.Orphan', { other: ForeignKey('chkapp.Missing', { onDelete: CASCADE }) });
  defineModel('chkapp.Sorted', { title: CharField({ maxLength: 10 }) }, { ordering: ['-title', 'nope', 'pk'] });
  defineModel('chkapp.Named', { target: ForeignKey(() => Target, { onDelete: CASCADE, relatedName: 'name' }) });
  const Clean = defineModel('chkclean.Item', { title: CharField({ maxLength: 10 }) }, { ordering: ['title'] });
  defineModel('chkclean.Part', { item: ForeignKey(() => Clean, { onDelete: CASCADE }) }, { ordering: ['item__title'] });
});

const chkapp = defineApp({ name: 'chkapp' });
const chkclean = defineApp({ name: 'chkclean' });

test.after(async () => {
  resetSettings();
  await apps.populate([]);
  // the whole test run shares one model registry: a relation that cannot resolve would break other suites' lookups
  for (const label of [...registry.keys()]) if (label.startsWith('chkapp.') || label.startsWith('chkclean.')) registry.delete(label);
});

const ids = (messages: CheckMessage[]) => messages.map((m) => m.id).sort();

test('clashing reverse accessors are fields.E304 on both fields, with Django\'s wording and hint', async () => {
  await apps.populate([chkapp]);
  const errors = (await runChecks({ tags: [Tags.models] })).filter((m) => m.id === 'fields.E304');
  assert.is(errors.length, 2);
  assert.is(
    String(errors.find((e) => String(e).startsWith('chkapp.Left.target'))),
    "chkapp.Left.target: (fields.E304) Reverse accessor 'Target.things' for 'chkapp.Left.target' clashes with reverse accessor for 'chkapp.Right.target'.\n\tHINT: Add or change a related_name argument to the definition for 'chkapp.Left.target' or 'chkapp.Right.target'.",
  );
});

test('a relation to an unknown model is fields.E300; an accessor named like a field is fields.E302', async () => {
  await apps.populate([chkapp]);
  const all = await runChecks();
  const e300 = all.find((m) => m.id === 'fields.E300')!;
  assert.is(String(e300), "chkapp.Orphan.other: (fields.E300) Field defines a relation with model 'chkapp.Missing', which is either not installed, or is abstract.");
  assert.ok(all.some((m) => m.id === 'fields.E302' && m.msg.includes("clashes with field name 'chkapp.Target.name'")));
});

test("ordering naming a missing field is models.E015 on the model; '-field', 'pk' and related paths are fine", async () => {
  await apps.populate([chkapp, chkclean]);
  const all = await runChecks({ appConfigs: [chkapp] });
  const e015 = all.filter((m) => m.id === 'models.E015');
  assert.equal(e015.map(String), ["chkapp.Sorted: (models.E015) 'ordering' refers to the nonexistent field, related field, or lookup 'nope'."]);
  assert.equal(await runChecks({ appConfigs: [chkclean] }), []);
});

// Every other deployment check passes with these (test/core/checks/security.test.ts covers them).
const DEPLOYABLE = {
  MIDDLEWARE: ['django.middleware.security.SecurityMiddleware', 'django.middleware.csrf.CsrfViewMiddleware', 'django.middleware.clickjacking.XFrameOptionsMiddleware'],
  SECURE_HSTS_SECONDS: 31536000,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
  SECURE_HSTS_PRELOAD: true,
  SECURE_SSL_REDIRECT: true,
  SECURE_REFERRER_POLICY: 'same-origin',
  CSRF_COOKIE_SECURE: true,
};

test('deployment checks run only when asked: W009 weak key, W018 DEBUG, W020 empty ALLOWED_HOSTS', async () => {
  await apps.populate([chkclean]);
  configure({ ...DEPLOYABLE, SECRET_KEY: 'manouche-insecure-abc', DEBUG: true, ALLOWED_HOSTS: [] });
  assert.equal(await runChecks(), []);
  assert.equal(ids(await runChecks({ includeDeploymentChecks: true })), ['security.W009', 'security.W018', 'security.W020']);
  configure({ SECRET_KEY: 'x'.repeat(60), DEBUG: false, ALLOWED_HOSTS: ['example.com'] });
  assert.equal(ids(await runChecks({ includeDeploymentChecks: true })), ['security.W009'], 'one repeated character is not a key');
  configure({ SECRET_KEY: 'k3y-0f-5ufficient-l3ngth-and-variety-for-the-check!!', DEBUG: false });
  assert.equal(await runChecks({ includeDeploymentChecks: true }), []);
  configure({ SECRET_KEY: '' });
  assert.equal(ids(await runChecks({ includeDeploymentChecks: true })), ['security.W009'], 'an empty key is weak');
  resetSettings();
});

test('registered checks run by tag; tags are known only once registered', async () => {
  await apps.populate([chkclean]);
  // a registry of its own, so the check does not leak into other suites of this process
  const registry = new CheckRegistry();
  const mine = () => [new Warning('Be careful.', { id: 'mine.W001', hint: 'Really.' })];
  assert.not.ok(registry.tagExists('mine'));
  assert.not.ok(tagExists('mine'));
  registry.register(mine, 'mine');
  registry.register(() => [], Tags.models);
  assert.ok(registry.tagExists('mine'));
  assert.equal(ids(await registry.runChecks({ tags: ['mine'] })), ['mine.W001']);
  assert.equal(ids(await registry.runChecks({ tags: [Tags.models] })), []);
  assert.is(String((await registry.runChecks())[0]), '?: (mine.W001) Be careful.\n\tHINT: Really.');
});

test('the report groups issues like Django, counts silenced ones, and fails at the fail level', () => {
  const style = makeStyle(false);
  const messages = [new CheckError('Broken.', { id: 'x.E001', obj: 'thing' }), new Warning('Odd.', { id: 'x.W001' })];
  const out = formatChecks(messages, style, true, ERROR);
  assert.ok(out.failed);
  assert.is(out.text, 'SystemCheckError: System check identified some issues:\n\nERRORS:\nthing: (x.E001) Broken.\n\nWARNINGS:\n?: (x.W001) Odd.\n\nSystem check identified 2 issues (0 silenced).');
  configure({ SILENCED_SYSTEM_CHECKS: ['x.E001'] });
  const silenced = formatChecks(messages, style, true, ERROR);
  assert.not.ok(silenced.failed);
  assert.is(silenced.text, 'System check identified some issues:\n\nWARNINGS:\n?: (x.W001) Odd.\n\nSystem check identified 1 issue (1 silenced).');
  assert.is(formatChecks([], style, true, ERROR).text, 'System check identified no issues (0 silenced).');
  assert.ok(settings.SILENCED_SYSTEM_CHECKS);
  resetSettings();
});

test.run();
