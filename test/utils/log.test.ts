// Error reports emailed to ADMINS (Django's AdminEmailHandler on the django.request logger),
// mailAdmins/mailManagers, and sensitivePostParameters in those reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpResponse, configure, mailAdmins, mailManagers, outbox, path, resetSettings, sensitivePostParameters, type HttpRequest } from '../../src/index';
import { Client } from '../../src/test/index';
import { formatSubject } from '../../src/utils/log';
import { installErrorMail } from '../../src/node/error-mail';
import { setErrorReporter } from '../../src/core/handlers/exception';

const boom = (_request: HttpRequest): never => {
  throw new Error('the flux capacitor failed');
};
const urls = [
  path('boom/', boom),
  path('login/', sensitivePostParameters('password', 'card')(boom)),
  path('payment/', sensitivePostParameters()(boom)),
  path('fine/', () => new HttpResponse('fine')),
];

test.before(() => {
  installErrorMail(); // as importing manouche/node or manouche/node/server does
});
test.before.each(() => {
  resetSettings();
  configure({
    ROOT_URLCONF: urls,
    DEBUG: false,
    SECRET_KEY: 'not-for-your-eyes',
    EMAIL_BACKEND: 'django.core.mail.backends.locmem.EmailBackend',
    ADMINS: [['Ada', 'ada@example.com'], 'ops@example.com'],
    SERVER_EMAIL: 'errors@example.com',
  });
  outbox.length = 0;
});
test.after(() => {
  setErrorReporter(undefined);
  resetSettings();
});

const quiet = () => new Client({ raiseRequestException: false, log: () => {} });

test('an uncaught exception with DEBUG off emails ADMINS the report, from SERVER_EMAIL, and still answers 500', async () => {
  const r = await quiet().post('/boom/?x=1', { comment: 'hello' });
  assert.is(r.statusCode, 500);
  assert.is(outbox.length, 1);
  const mail = outbox[0]!;
  assert.is(mail.subject, '[Django] ERROR (EXTERNAL IP): Internal Server Error: /boom/');
  assert.is(mail.fromEmail, 'errors@example.com');
  assert.equal(mail.to, ['ada@example.com', 'ops@example.com']);
  const body = mail.body;
  assert.ok(body.startsWith('Internal Server Error: /boom/\n\nError at /boom/\nthe flux capacitor failed\n'), body.slice(0, 200));
  assert.match(body, /Request Method: POST\nRequest URL: http:\/\/testserver\/boom\/\?x=1/);
  assert.match(body, /Traceback:\nError: the flux capacitor failed\n\s+at boom/);
  assert.match(body, /GET:\nx = '1'/);
  assert.match(body, /POST:\ncomment = 'hello'/);
  assert.match(body, /SECRET_KEY = '\*{20}'/);
  assert.not.match(body, /not-for-your-eyes/);
});

test('sensitivePostParameters: the named parameters, or all of them, are starred in the emailed report', async () => {
  await quiet().post('/login/', { username: 'ada', password: 'hunter2', card: '4111 1111 1111 1111' });
  const named = outbox[0]!.body;
  assert.match(named, /username = 'ada'/);
  assert.match(named, /password = '\*{20}'/);
  assert.match(named, /card = '\*{20}'/);
  assert.not.match(named, /hunter2|4111/);
  await quiet().post('/payment/', { amount: '12', iban: 'DE00 1234' });
  const all = outbox[1]!.body;
  assert.match(all, /amount = '\*{20}'/);
  assert.match(all, /iban = '\*{20}'/);
  assert.not.match(all, /DE00/);
});

test('a request from INTERNAL_IPS is an internal error', async () => {
  configure({ INTERNAL_IPS: ['127.0.0.1'] });
  await quiet().get('/boom/');
  assert.is(outbox[0]!.subject, '[Django] ERROR (internal IP): Internal Server Error: /boom/');
});

test('nothing is emailed without ADMINS, with DEBUG on (the technical page instead), for pages that work, or without the Node reporter (a browser tab)', async () => {
  configure({ ADMINS: [] });
  assert.is((await quiet().get('/boom/')).statusCode, 500);
  configure({ ADMINS: ['ops@example.com'], DEBUG: true });
  const debug = await quiet().get('/boom/');
  assert.match(debug.text, /the flux capacitor failed/);
  configure({ DEBUG: false });
  await quiet().get('/fine/');
  setErrorReporter(undefined);
  await quiet().get('/boom/');
  installErrorMail();
  assert.is(outbox.length, 0);
});

test('a report that cannot be sent is logged, and the 500 page is still served', async () => {
  configure({ EMAIL_BACKEND: 'no.such.Backend' });
  const logged: string[] = [];
  const r = await new Client({ raiseRequestException: false, log: (m) => logged.push(m) }).get('/boom/');
  assert.is(r.statusCode, 500);
  assert.equal(logged, ['Internal Server Error: /boom/', 'Reporting the error failed: /boom/']);
});

test('mailAdmins / mailManagers: EMAIL_SUBJECT_PREFIX, SERVER_EMAIL, addresses or [name, email] pairs; none configured sends none', async () => {
  configure({ EMAIL_SUBJECT_PREFIX: '[site] ', MANAGERS: ['boss@example.com'] });
  assert.is(await mailAdmins('Hello', 'body', { htmlMessage: '<p>body</p>' }), 1);
  assert.is(await mailManagers('Broken link', 'body'), 1);
  assert.equal(outbox.map((m) => [m.subject, m.fromEmail, m.to]), [
    ['[site] Hello', 'errors@example.com', ['ada@example.com', 'ops@example.com']],
    ['[site] Broken link', 'errors@example.com', ['boss@example.com']],
  ]);
  configure({ ADMINS: [] });
  assert.is(await mailAdmins('x', 'y'), 0);
});

test('bad input: a malformed ADMINS, decorator misuse, a hostile subject', async () => {
  configure({ ADMINS: [['Ada']] as never });
  const error = await mailAdmins('x', 'y').then(
    () => undefined,
    (e: Error) => e,
  );
  assert.match(String(error), /The ADMINS setting must be a list of email address strings \(or \[name, email\] pairs\), got \[\["Ada"\]\]/);
  assert.throws(() => sensitivePostParameters(boom as never), /must be called to use it as a decorator/);
  assert.throws(() => sensitivePostParameters(42 as never), /parameter names must be strings, got number/);
  const decorated = sensitivePostParameters('p')(async () => new HttpResponse());
  assert.throws(() => (decorated as (...a: unknown[]) => unknown)({ method: 'POST' }, {}), /didn't receive an HttpRequest object/);
  assert.is(formatSubject('a\nb\rc'), 'a\\nb\\rc');
  assert.is(formatSubject('x'.repeat(5000)).length, 989);
});

test.run();
