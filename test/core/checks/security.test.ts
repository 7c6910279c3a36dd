/**
 * The deployment security checks (Django's tests/check_framework/test_security.py):
 * each id appears exactly in the situation Django reports it, with its text,
 * and only under `--deploy` (runChecks includeDeploymentChecks) with the 'security' tag.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apps, configure, defineApp, resetSettings } from '../../../src/index';
import { CheckMessage, runChecks, Tags, tagExists } from '../../../src/core/checks/index';
import { SecurityMiddleware } from '../../../src/middleware/security';
import '../../../src/contrib/sessions/index';

const SECURITY = 'manouche.middleware.security.SecurityMiddleware';
const CSRF = 'django.middleware.csrf.CsrfViewMiddleware';
const XFRAME = 'manouche.middleware.clickjacking.XFrameOptionsMiddleware';
const SESSION = 'django.contrib.sessions.middleware.SessionMiddleware';

/** Every deployment check passes with these. */
const SAFE = {
  SECRET_KEY: 'k3y-0f-5ufficient-l3ngth-and-variety-for-the-check!!',
  DEBUG: false,
  ALLOWED_HOSTS: ['example.com'],
  MIDDLEWARE: [SECURITY, CSRF, XFRAME],
  SECURE_HSTS_SECONDS: 31536000,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
  SECURE_HSTS_PRELOAD: true,
  SECURE_SSL_REDIRECT: true,
  CSRF_COOKIE_SECURE: true,
  SESSION_COOKIE_SECURE: true,
};

async function deploy(overrides: Record<string, unknown>): Promise<CheckMessage[]> {
  resetSettings();
  configure({ ...SAFE, ...overrides } as any);
  return runChecks({ includeDeploymentChecks: true, tags: [Tags.security] });
}
const ids = async (overrides: Record<string, unknown>) => (await deploy(overrides)).map((m) => m.id).sort();

test.before(async () => {
  await apps.populate([defineApp({ name: 'secchk' })]);
});
test.after(async () => {
  resetSettings();
  await apps.populate([]);
});

test('safe settings pass every deployment check; without --deploy none of them run', async () => {
  assert.equal(await ids({}), []);
  resetSettings();
  assert.equal(await runChecks({ tags: [Tags.security] }), []);
  assert.ok(tagExists(Tags.security, true));
});

test('W001/W002/W003: missing security, clickjacking and CSRF middleware, by Django name, manouche name or class', async () => {
  assert.equal(await ids({ MIDDLEWARE: [] }), ['security.W001', 'security.W002', 'security.W003']);
  const [w001] = await deploy({ MIDDLEWARE: [CSRF, XFRAME] });
  assert.is(
    String(w001),
    "?: (security.W001) You do not have 'manouche.middleware.security.SecurityMiddleware' in your MIDDLEWARE so the SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY, and SECURE_SSL_REDIRECT settings will have no effect.",
  );
  assert.equal(await ids({ MIDDLEWARE: ['django.middleware.security.SecurityMiddleware', CSRF, XFRAME] }), []);
  assert.equal(await ids({ MIDDLEWARE: [SecurityMiddleware, CSRF, XFRAME] }), []);
  assert.match((await deploy({ MIDDLEWARE: [SECURITY, XFRAME] }))[0]!.msg, "You don't appear to be using manouche's built-in cross-site request forgery protection");
});

test('W004/W005/W021: HSTS unset, without subdomains, without preload — only with the security middleware', async () => {
  const [w004] = await deploy({ SECURE_HSTS_SECONDS: 0 });
  assert.is(w004!.id, 'security.W004');
  assert.match(w004!.msg, 'You have not set a value for the SECURE_HSTS_SECONDS setting.');
  assert.equal(await ids({ SECURE_HSTS_INCLUDE_SUBDOMAINS: false }), ['security.W005']);
  assert.equal(await ids({ SECURE_HSTS_PRELOAD: false }), ['security.W021']);
  assert.equal(await ids({ SECURE_HSTS_SECONDS: 0, SECURE_HSTS_INCLUDE_SUBDOMAINS: false, SECURE_HSTS_PRELOAD: false }), ['security.W004'], 'no HSTS: no subdomain or preload advice');
  assert.equal(await ids({ MIDDLEWARE: [CSRF, XFRAME], SECURE_HSTS_SECONDS: 0 }), ['security.W001']);
});

test('W006 nosniff off, W008 no SSL redirect', async () => {
  assert.equal(await ids({ SECURE_CONTENT_TYPE_NOSNIFF: false }), ['security.W006']);
  const [w008] = await deploy({ SECURE_SSL_REDIRECT: false });
  assert.is(
    w008!.msg,
    'Your SECURE_SSL_REDIRECT setting is not set to True. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting True or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.',
  );
});

test('W009 weak SECRET_KEY, W018 DEBUG, W020 empty ALLOWED_HOSTS', async () => {
  assert.equal(await ids({ SECRET_KEY: 'manouche-insecure-' + 'x1y2z3'.repeat(10) }), ['security.W009']);
  assert.equal(await ids({ SECRET_KEY: 'abcd'.repeat(20) }), ['security.W009'], 'fewer than 5 unique characters');
  assert.equal(await ids({ DEBUG: true }), ['security.W018']);
  assert.equal(await ids({ ALLOWED_HOSTS: [] }), ['security.W020']);
});

test('W010-W015: the session cookie flags, one warning per place sessions are used or one for both', async () => {
  const secure = 'Using a secure-only session cookie makes it more difficult for network traffic sniffers to hijack user sessions.';
  assert.equal(await ids({ SESSION_COOKIE_SECURE: false }), [], 'sessions not used: nothing to say');
  assert.equal(await ids({ SESSION_COOKIE_SECURE: false, INSTALLED_APPS: ['manouche.contrib.sessions'] }), ['security.W010']);
  const [w011] = await deploy({ SESSION_COOKIE_SECURE: false, MIDDLEWARE: [...SAFE.MIDDLEWARE, SESSION] });
  assert.is(w011!.msg, `You have 'manouche.contrib.sessions.middleware.SessionMiddleware' in your MIDDLEWARE, but you have not set SESSION_COOKIE_SECURE to True. ${secure}`);
  const both = { INSTALLED_APPS: ['manouche.contrib.sessions'], MIDDLEWARE: [...SAFE.MIDDLEWARE, SESSION] };
  const [w012] = await deploy({ ...both, SESSION_COOKIE_SECURE: false });
  assert.is(String(w012), `?: (security.W012) SESSION_COOKIE_SECURE is not set to True. ${secure}`);
  assert.equal(await ids({ ...both, SESSION_COOKIE_SECURE: true }), []);
  assert.equal(await ids({ SESSION_COOKIE_HTTPONLY: false, INSTALLED_APPS: ['manouche.contrib.sessions'] }), ['security.W013']);
  assert.equal(await ids({ SESSION_COOKIE_HTTPONLY: false, MIDDLEWARE: [...SAFE.MIDDLEWARE, SESSION] }), ['security.W014']);
  assert.equal(await ids({ ...both, SESSION_COOKIE_HTTPONLY: false, SESSION_COOKIE_SECURE: true }), ['security.W015']);
});

test('W016 CSRF cookie not secure, unless the token lives in the session or the middleware is absent', async () => {
  assert.equal(await ids({ CSRF_COOKIE_SECURE: false }), ['security.W016']);
  assert.equal(await ids({ CSRF_COOKIE_SECURE: false, CSRF_USE_SESSIONS: true }), []);
  assert.equal(await ids({ CSRF_COOKIE_SECURE: false, MIDDLEWARE: [SECURITY, XFRAME] }), ['security.W003']);
});

test("W019: the clickjacking middleware with X_FRAME_OPTIONS other than 'DENY'", async () => {
  const [w019] = await deploy({ X_FRAME_OPTIONS: 'SAMEORIGIN' });
  assert.is(
    w019!.msg,
    "You have 'manouche.middleware.clickjacking.XFrameOptionsMiddleware' in your MIDDLEWARE, but X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good reason for your site to serve other parts of itself in a frame, you should change it to 'DENY'.",
  );
  assert.equal(await ids({ X_FRAME_OPTIONS: 'SAMEORIGIN', MIDDLEWARE: [SECURITY, CSRF] }), ['security.W002']);
});

test('W022 no Referrer-Policy; E023 an invalid one (string, comma list or array), with the valid values as hint', async () => {
  assert.equal(await ids({ SECURE_REFERRER_POLICY: null }), ['security.W022']);
  for (const ok of ['no-referrer', 'same-origin, strict-origin-when-cross-origin', ['origin', 'unsafe-url']]) assert.equal(await ids({ SECURE_REFERRER_POLICY: ok }), [], String(ok));
  const [e023] = await deploy({ SECURE_REFERRER_POLICY: 'no-referrer,bad-value' });
  assert.is(
    String(e023),
    '?: (security.E023) You have set the SECURE_REFERRER_POLICY setting to an invalid value.\n\tHINT: Valid values are: no-referrer, no-referrer-when-downgrade, origin, origin-when-cross-origin, same-origin, strict-origin, strict-origin-when-cross-origin, unsafe-url.',
  );
  assert.equal(await ids({ SECURE_REFERRER_POLICY: ['same-origin', 'nope'] }), ['security.E023']);
  assert.equal(await ids({ SECURE_REFERRER_POLICY: 'nope', MIDDLEWARE: [CSRF, XFRAME] }), ['security.W001'], 'no security middleware: the policy is never sent');
});

test('E024 an invalid Cross-Origin-Opener-Policy; None and the three values pass', async () => {
  for (const ok of [null, 'same-origin', 'same-origin-allow-popups', 'unsafe-none']) assert.equal(await ids({ SECURE_CROSS_ORIGIN_OPENER_POLICY: ok }), []);
  const [e024] = await deploy({ SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same' });
  assert.is(String(e024), '?: (security.E024) You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting to an invalid value.\n\tHINT: Valid values are: same-origin, same-origin-allow-popups, unsafe-none.');
});

test.run();
