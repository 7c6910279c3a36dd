// The auth stack wired into the HTTP layer, through the test client:
// SessionMiddleware, AuthenticationMiddleware, MessageMiddleware,
// CsrfViewMiddleware, the auth views, decorators and context processors
// (Django's tests/auth_tests/test_views.py, csrf_tests, test_middleware).
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { configure, resetSettings } from '../../../src/conf/settings';
import { apps } from '../../../src/apps/registry';
import { ContentType, clearContentTypeCache, contenttypesApp, getForModel } from '../../../src/contrib/contenttypes/index';
import { Session, DatabaseSessionStore, sessionsApp } from '../../../src/contrib/sessions/index';
import { messagesApp, info } from '../../../src/contrib/messages/index';
import {
  authApp,
  authUrls,
  Group,
  loginRequired,
  LoginRequiredMixin,
  PBKDF2PasswordHasher,
  Permission,
  permissionRequired,
  SESSION_KEY,
  User,
} from '../../../src/contrib/auth/index';
import * as hashers from '../../../src/contrib/auth/hashers';
import { path, include } from '../../../src/urls/index';
import { HttpResponse } from '../../../src/http/response';
import { render } from '../../../src/shortcuts';
import { TemplateView } from '../../../src/views/index';
import { csrfExempt } from '../../../src/views/decorators/csrf';
import { outbox } from '../../../src/core/mail/index';
import { Client } from '../../../src/test/index';
import { defineModel, CharField } from '../../../src/db/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

const Thing = defineModel('things.Thing', { name: CharField({ maxLength: 10 }) });
let changed = 0;

const profile = loginRequired(async (request) => new HttpResponse(`hello ${(request.user as any).username}`));
class Secret extends LoginRequiredMixin(TemplateView) {
  override templateName: string | null = 'secret.html';
}
const addThing = permissionRequired('things.add_thing', { raiseException: true })(async () => new HttpResponse('added'));
const change = async (request: any) => {
  if (request.method === 'POST') changed++;
  return render(request, 'form.html', {});
};
const flash = async (request: any) => {
  info(request, 'Saved <b>it</b>.');
  return new HttpResponse('queued');
};
const page = async (request: any) => render(request, 'page.html', {});

const MIDDLEWARE = [
  'django.middleware.security.SecurityMiddleware',
  'django.contrib.sessions.middleware.SessionMiddleware',
  'django.middleware.common.CommonMiddleware',
  'django.middleware.csrf.CsrfViewMiddleware',
  'django.contrib.auth.middleware.AuthenticationMiddleware',
  'django.contrib.messages.middleware.MessageMiddleware',
  'django.middleware.clickjacking.XFrameOptionsMiddleware',
];

dbSuite('contrib/auth over HTTP', [ContentType, Permission, Group, User, Session, Thing], (test) => {
  test.before.each(async () => {
    resetSettings();
    clearContentTypeCache();
    changed = 0;
    outbox.length = 0;
    await apps.populate([contenttypesApp, authApp, sessionsApp, messagesApp]);
    configure({
      SECRET_KEY: 'http-tests',
      PASSWORD_HASHERS: [FastPBKDF2],
      ALLOWED_HOSTS: ['testserver'],
      EMAIL_BACKEND: 'django.core.mail.backends.locmem.EmailBackend',
      MIDDLEWARE,
      ROOT_URLCONF: [
        path('accounts/', include(authUrls)),
        path('accounts/profile/', profile, { name: 'profile' }),
        path('secret/', Secret.asView()),
        path('add/', addThing),
        path('change/', change),
        path('exempt/', csrfExempt(change)),
        path('flash/', flash),
        path('page/', page),
      ],
      TEMPLATES: [
        {
          BACKEND: 'manouche.template.backends.django',
          APP_DIRS: true,
          OPTIONS: {
            templates: {
              'secret.html': 'secret for {{ user.username }}',
              'form.html': '<form method="post">{% csrf_token %}</form>',
              'page.html':
                '{% for m in messages %}[{{ m.tags }}:{{ m }}]{% endfor %}user={{ user.username }} auth={{ user.isAuthenticated }} add={{ perms.things.add_thing }} app={% if perms.things %}yes{% else %}no{% endif %}',
            },
            context_processors: [
              'django.template.context_processors.request',
              'django.contrib.auth.context_processors.auth',
              'django.contrib.messages.context_processors.messages',
            ],
          },
        },
      ],
    });
  });
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  test('login → protected page → logout through the views', async () => {
    await User.objects.createUser('ada', 'ada@example.com', 's3cret-pw');
    const client = new Client();
    let r = await client.get('/accounts/profile/');
    assert.is(r.statusCode, 302);
    assert.is(r.get('Location'), '/accounts/login/?next=/accounts/profile/');
    r = await client.get('/accounts/login/?next=/accounts/profile/');
    assert.is(r.statusCode, 200);
    assert.match(r.text, /name="csrfmiddlewaretoken"/);
    assert.match(r.text, /<input type="hidden" name="next" value="\/accounts\/profile\/">/);
    r = await client.post('/accounts/login/', { username: 'ada', password: 'wrong', next: '/accounts/profile/' });
    assert.is(r.statusCode, 200);
    assert.match(r.text, /Please enter a correct username and password. Note that both fields may be case-sensitive./);
    r = await client.post('/accounts/login/', { username: 'ada', password: 's3cret-pw', next: '/accounts/profile/' });
    assert.is(r.statusCode, 302);
    assert.is(r.get('Location'), '/accounts/profile/');
    r = await client.get('/accounts/profile/');
    assert.is(r.text, 'hello ada');
    assert.is((await client.get('/secret/')).text, 'secret for ada');
    r = await client.get('/accounts/logout/');
    assert.is(r.statusCode, 405, 'GET does not log out (Django 5)');
    assert.is((await client.get('/accounts/profile/')).text, 'hello ada');
    r = await client.post('/accounts/logout/');
    assert.is(r.statusCode, 200);
    assert.match(r.text, /Logged out/);
    assert.is((await client.get('/accounts/profile/')).statusCode, 302);
    assert.is((await client.get('/secret/')).get('Location'), '/accounts/login/?next=/secret/');
  });

  test('session fixation: the session key changes at login; Vary: Cookie', async () => {
    await User.objects.createUser('ada', null, 'pw');
    const client = new Client();
    const s = await client.session();
    s.set('cart', [1]);
    await s.save();
    const before = client.cookies.get('sessionid');
    const r = await client.post('/accounts/login/', { username: 'ada', password: 'pw' });
    assert.is(r.statusCode, 302);
    assert.is(r.get('Location'), '/accounts/profile/');
    assert.ok(client.cookies.get('sessionid'));
    assert.is.not(client.cookies.get('sessionid'), before);
    assert.not.ok(await new DatabaseSessionStore().exists(before!), 'the old key is gone');
    assert.equal((await client.session()).get('cart'), [1]);
    assert.match(r.get('Vary') ?? '', /Cookie/);
  });

  test('open redirects on next= are refused', async () => {
    await User.objects.createUser('ada', null, 'pw');
    for (const next of ['http://evil.com/', '//evil.com/', 'https:\\\\evil.com', '///evil.com', 'javascript:alert(1)', '\x08//evil.com', ' //evil.com', 'http:evil.com']) {
      const client = new Client();
      const r = await client.post('/accounts/login/', { username: 'ada', password: 'pw', next });
      assert.is(r.statusCode, 302, next);
      assert.is(r.get('Location'), '/accounts/profile/', `refused: ${JSON.stringify(next)}`);
    }
    const client = new Client();
    const ok = await client.post('/accounts/login/', { username: 'ada', password: 'pw', next: 'http://testserver/page/?a=1' });
    assert.is(ok.get('Location'), 'http://testserver/page/?a=1');
    const logout = await client.post('/accounts/logout/', { next: 'https://evil.com/' });
    assert.is(logout.statusCode, 200, 'logout renders its page instead of redirecting away');
  });

  test('login timing: an unknown username runs the hasher too', async () => {
    await User.objects.createUser('ada', null, 'pw');
    let encodes = 0;
    const original = FastPBKDF2.prototype.encode;
    FastPBKDF2.prototype.encode = function (this: FastPBKDF2, ...args: Parameters<typeof original>) {
      encodes++;
      return original.apply(this, args);
    };
    try {
      const client = new Client();
      encodes = 0;
      await client.post('/accounts/login/', { username: 'nobody', password: 'pw' });
      const unknown = encodes;
      encodes = 0;
      await client.post('/accounts/login/', { username: 'ada', password: 'wrong' });
      const wrong = encodes;
      assert.is(unknown, 1, 'the dummy hash ran for the unknown user');
      assert.is(wrong, 1);
    } finally {
      FastPBKDF2.prototype.encode = original;
    }
  });

  test('CSRF: missing, wrong, stale and other-session tokens are 403 and change nothing', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    // no cookie at all
    let r = await client.post('/change/', {});
    assert.is(r.statusCode, 403);
    assert.match(r.text, /CSRF verification failed. Request aborted./);
    assert.not.match(r.text, /CSRF cookie not set/, 'the reason shows in DEBUG only');
    // a page gives the cookie and a masked token
    r = await client.get('/change/');
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(r.text)![1];
    assert.is(token.length, 64);
    const cookie = client.cookies.get('csrftoken')!;
    assert.is(cookie.length, 32);
    assert.not.ok(token.includes(cookie), 'the page never shows the secret');
    const again = /value="([^"]+)"/.exec((await client.get('/change/')).text)![1];
    assert.is.not(again, token, 'masked differently on each render');
    // missing token
    r = await client.post('/change/', {});
    assert.is(r.statusCode, 403);
    // wrong token
    r = await client.post('/change/', { csrfmiddlewaretoken: 'x'.repeat(64) });
    assert.is(r.statusCode, 403);
    // malformed
    r = await client.post('/change/', { csrfmiddlewaretoken: '<script>' });
    assert.is(r.statusCode, 403);
    // another client's (session's) token
    const other = new Client({ enforceCsrfChecks: true });
    const otherToken = /value="([^"]+)"/.exec((await other.get('/change/')).text)![1];
    r = await client.post('/change/', { csrfmiddlewaretoken: otherToken });
    assert.is(r.statusCode, 403);
    assert.is(changed, 0, 'nothing changed');
    // the right token, in the form and in the header; the unmasked secret works too
    r = await client.post('/change/', { csrfmiddlewaretoken: token });
    assert.is(r.statusCode, 200);
    r = await client.post('/change/', {}, { headers: { 'X-CSRFToken': again } });
    assert.is(r.statusCode, 200);
    assert.is(changed, 2);
    // exempt views skip the check
    r = await client.post('/exempt/', {});
    assert.is(r.statusCode, 200);
    // DEBUG shows the reason
    configure({ DEBUG: true });
    r = await new Client({ enforceCsrfChecks: true }).post('/change/', {});
    assert.match(r.text, /CSRF cookie not set\./);
    r = await client.post('/change/', { csrfmiddlewaretoken: 'a'.repeat(64) });
    assert.match(r.text, /CSRF token from POST incorrect\./);
    r = await client.post('/change/', {}, { headers: { 'X-CSRFToken': 'short' } });
    assert.match(r.text, /CSRF token from the &#x27;X-Csrftoken&#x27; HTTP header has incorrect length\./);
  });

  test('CSRF: a stale token (before login) is refused after login rotates the secret', async () => {
    await User.objects.createUser('ada', null, 'pw');
    const client = new Client({ enforceCsrfChecks: true });
    const loginPage = await client.get('/accounts/login/');
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(loginPage.text)![1];
    const before = client.cookies.get('csrftoken');
    const r = await client.post('/accounts/login/', { username: 'ada', password: 'pw', csrfmiddlewaretoken: token });
    assert.is(r.statusCode, 302);
    assert.is.not(client.cookies.get('csrftoken'), before, 'rotated at login');
    assert.is((await client.post('/change/', { csrfmiddlewaretoken: token })).statusCode, 403, 'the pre-login token is stale');
    assert.is(changed, 0);
  });

  test('CSRF over HTTPS: Origin and Referer checks, CSRF_TRUSTED_ORIGINS', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const token = /value="([^"]+)"/.exec((await client.get('/change/', undefined, { secure: true })).text)![1];
    const post = (headers: Record<string, string>) => client.post('/change/', { csrfmiddlewaretoken: token }, { secure: true, headers });
    assert.is((await post({})).statusCode, 403, 'no Referer over HTTPS');
    assert.is((await post({ Referer: 'http://testserver/change/' })).statusCode, 403, 'insecure Referer');
    assert.is((await post({ Referer: 'https://evil.com/' })).statusCode, 403);
    assert.is((await post({ Referer: 'https://testserver/change/' })).statusCode, 200);
    assert.is((await post({ Origin: 'https://evil.com' })).statusCode, 403);
    assert.is((await post({ Origin: 'http://testserver' })).statusCode, 403, 'scheme differs');
    assert.is((await post({ Origin: 'https://testserver' })).statusCode, 200);
    configure({ CSRF_TRUSTED_ORIGINS: ['https://*.example.com', 'https://partner.org'] });
    assert.is((await post({ Origin: 'https://app.example.com' })).statusCode, 200);
    assert.is((await post({ Origin: 'https://partner.org' })).statusCode, 200);
    assert.is((await post({ Origin: 'https://example.com.evil.org' })).statusCode, 403);
    assert.is((await post({ Referer: 'https://app.example.com/x' })).statusCode, 200);
    assert.is(changed, 5);
  });

  test('CSRF_USE_SESSIONS keeps the secret in the session', async () => {
    configure({ CSRF_USE_SESSIONS: true });
    const client = new Client({ enforceCsrfChecks: true });
    const token = /value="([^"]+)"/.exec((await client.get('/change/')).text)![1];
    assert.not.ok(client.cookies.has('csrftoken'));
    assert.ok((await client.session()).get('_csrftoken'));
    assert.is((await client.post('/change/', { csrfmiddlewaretoken: token })).statusCode, 200);
    assert.is((await client.post('/change/', { csrfmiddlewaretoken: 'b'.repeat(64) })).statusCode, 403);
  });

  test('tampered session cookies are anonymous; a forged session key logs nobody in', async () => {
    const ada = await User.objects.createUser('ada', null, 'pw');
    const client = new Client();
    await client.forceLogin(ada);
    assert.is((await client.get('/accounts/profile/')).text, 'hello ada');
    const key = client.cookies.get('sessionid')!;
    client.cookies.set('sessionid', key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'));
    assert.is((await client.get('/accounts/profile/')).statusCode, 302);
    // signed-cookie sessions: a changed byte is an empty session
    configure({ SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies' });
    const signed = new Client();
    await signed.forceLogin(ada);
    assert.is((await signed.get('/accounts/profile/')).text, 'hello ada');
    const value = signed.cookies.get('sessionid')!;
    const i = value.indexOf(':') - 3;
    signed.cookies.set('sessionid', value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1));
    assert.is((await signed.get('/accounts/profile/')).statusCode, 302);
    signed.cookies.set('sessionid', value.slice(0, value.length - 5));
    assert.is((await signed.get('/accounts/profile/')).statusCode, 302);
  });

  test('client.login / forceLogin / logout, permissions and the context processors', async () => {
    const ada = await User.objects.createUser('ada', null, 'pw');
    const client = new Client();
    assert.is(await client.login({ username: 'ada', password: 'nope' }), false);
    assert.is(await client.login({ username: 'ada', password: 'pw' }), true);
    assert.is((await client.session()).get(SESSION_KEY), String(ada.pk));
    let r = await client.get('/page/');
    assert.is(r.text, 'user=ada auth=True add=False app=no');
    assert.is((await client.get('/add/')).statusCode, 403);
    const perm = await Permission.objects.create({ codename: 'add_thing', name: 'Can add thing', content_type: await getForModel(Thing) });
    await ada.user_permissions.add(perm);
    r = await client.get('/page/');
    assert.is(r.text, 'user=ada auth=True add=True app=yes');
    assert.is((await client.get('/add/')).text, 'added');
    await client.logout();
    assert.is(client.cookies.size, 0);
    r = await client.get('/page/');
    assert.is(r.text, 'user= auth=False add=False app=no');
    assert.is((await client.get('/add/')).statusCode, 403, 'raiseException: 403 for anonymous users too, as Django');
    await client.forceLogin(ada);
    assert.is((await client.get('/accounts/profile/')).text, 'hello ada');
  });

  test('messages: queued in one request, shown (escaped) and consumed in the next', async () => {
    const client = new Client();
    assert.is((await client.get('/flash/')).text, 'queued');
    assert.is((await client.get('/page/')).text.split('user=')[0], '[info:Saved &lt;b&gt;it&lt;/b&gt;.]');
    assert.is((await client.get('/page/')).text.split('user=')[0], '', 'used messages are gone');
  });

  test('security headers: HSTS (subdomains, preload) on HTTPS, SSL redirect, nosniff, Referrer-Policy, COOP, X-Frame-Options', async () => {
    configure({ SECURE_HSTS_SECONDS: 3600, SECURE_HSTS_INCLUDE_SUBDOMAINS: true, SECURE_HSTS_PRELOAD: true });
    const client = new Client();
    let r = await client.get('/page/', undefined, { secure: true });
    assert.is(r.get('Strict-Transport-Security'), 'max-age=3600; includeSubDomains; preload');
    assert.is(r.get('X-Content-Type-Options'), 'nosniff');
    assert.is(r.get('Referrer-Policy'), 'same-origin');
    assert.is(r.get('Cross-Origin-Opener-Policy'), 'same-origin');
    assert.is(r.get('X-Frame-Options'), 'DENY');
    r = await client.get('/page/');
    assert.is(r.get('Strict-Transport-Security'), null, 'never over HTTP');
    configure({ SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^exempt/'] });
    r = await client.get('/page/?x=1');
    assert.is(r.statusCode, 301);
    assert.is(r.get('Location'), 'https://testserver/page/?x=1');
    assert.is((await client.post('/exempt/')).statusCode, 200);
  });

  test('password change and the reset flow by email', async () => {
    const ada = await User.objects.createUser('ada', 'ada@example.com', 'old-pw-123');
    const client = new Client();
    await client.forceLogin(ada);
    let r = await client.post('/accounts/password_change/', { old_password: 'bad', new_password1: 'n3w-pass-word', new_password2: 'n3w-pass-word' });
    assert.is(r.statusCode, 200);
    assert.match(r.text, /Your old password was entered incorrectly. Please enter it again./);
    r = await client.post('/accounts/password_change/', { old_password: 'old-pw-123', new_password1: 'n3w-pass-word', new_password2: 'other' });
    assert.match(r.text, /The two password fields didn’t match./);
    r = await client.post('/accounts/password_change/', { old_password: 'old-pw-123', new_password1: 'n3w-pass-word', new_password2: 'n3w-pass-word' });
    assert.is(r.get('Location'), '/accounts/password_change/done/');
    assert.is((await client.get('/accounts/profile/')).text, 'hello ada', 'still logged in');
    assert.ok(await (await User.objects.get({ pk: ada.pk })).checkPassword('n3w-pass-word'));

    const anon = new Client();
    r = await anon.post('/accounts/password_reset/', { email: 'nobody@example.com' });
    assert.is(r.get('Location'), '/accounts/password_reset/done/');
    assert.is(outbox.length, 0, 'no email, same answer');
    r = await anon.post('/accounts/password_reset/', { email: 'ADA@example.com' });
    assert.is(r.get('Location'), '/accounts/password_reset/done/');
    assert.is(outbox.length, 1);
    assert.is(outbox[0].subject, 'Password reset on testserver');
    assert.equal(outbox[0].to, ['ada@example.com']);
    const link = /http:\/\/testserver(\/accounts\/reset\/[^/]+\/[^/]+\/)/.exec(outbox[0].body)![1];
    r = await anon.get(link);
    assert.is(r.statusCode, 302);
    const setUrl = r.get('Location')!;
    assert.match(setUrl, /\/set-password\/$/);
    r = await anon.get(setUrl);
    assert.match(r.text, /Please enter your new password twice/);
    r = await anon.post(setUrl, { new_password1: 'fresh-pass-42', new_password2: 'fresh-pass-42' });
    assert.is(r.get('Location'), '/accounts/reset/done/');
    assert.ok(await (await User.objects.get({ pk: ada.pk })).checkPassword('fresh-pass-42'));
    r = await anon.get(link);
    assert.match(r.text, /The password reset link was invalid/, 'a used link is invalid');
    r = await anon.get('/accounts/reset/bm90LWFuLWlk/abc-def/');
    assert.match(r.text, /Password reset unsuccessful/);
  });
});
