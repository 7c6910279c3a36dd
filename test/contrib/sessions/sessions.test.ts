// Sessions after Django's tests/sessions_tests: SessionBase behaviour on the
// database store (sql.js and PostgreSQL) and the signed-cookie store, and
// SessionMiddleware's response logic.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dbSuite, rejects } from '../../db/harness';
import { configure, resetSettings } from '../../../src/conf/settings';
import {
  DatabaseSessionStore,
  Session,
  SessionInterrupted,
  SignedCookieSessionStore,
  UpdateError,
  sessionFromCookies,
  sessionResponse,
} from '../../../src/contrib/sessions/index';

// Written by Django's signing.dumps(..., salt='django.contrib.sessions.SessionStore', compress=True), SECRET_KEY 'session-tests'.
const DJANGO_SESSION_DATA = 'eyJfYXV0aF91c2VyX2lkIjoiMSIsImNhcnQiOlsxLDIsM10sIm5hbWUiOiJab1x1MDBlYiJ9:1xWIDr:1UPPvtg7NoaXhpyKB5ziWYvFDJNyMZBWH85038W6OCE';
const DJANGO_SIGNED_COOKIE = '.eJyrVkpUslJKIhko1QIAYrMVQA:1xWIDr:4JGPoFJYs10k9fvdqLni-sBz3kY8Dxcpi6iUsskAG24';

function baseSettings(): void {
  resetSettings();
  configure({ SECRET_KEY: 'session-tests' });
}

dbSuite('contrib/sessions db store', [Session], (test) => {
  test.before.each(baseSettings);

  test('a new session has no key, saves under a 32-character key and loads back', async () => {
    const s = new DatabaseSessionStore();
    assert.is(s.sessionKey, null);
    assert.ok(s.isEmpty());
    s.set('cart', [1, 2]);
    assert.ok(s.modified);
    await s.save();
    assert.match(s.sessionKey!, /^[a-z0-9]{32}$/);
    const again = await new DatabaseSessionStore(s.sessionKey).load();
    assert.equal(again.get('cart'), [1, 2]);
    assert.not.ok(again.modified);
    assert.ok(again.accessed);
  });

  test('get/set/delete/pop/setdefault/update/keys mark modified as Django does', async () => {
    const s = new DatabaseSessionStore();
    assert.is(s.get('x', 'dflt'), 'dflt');
    assert.not.ok(s.modified);
    assert.is(s.pop('x', 'dflt'), 'dflt');
    assert.not.ok(s.modified); // popping a missing key does not modify
    s.set('a', 1);
    s.modified = false;
    assert.is(s.setdefault('a', 2), 1);
    assert.not.ok(s.modified);
    assert.is(s.setdefault('b', 2), 2);
    assert.ok(s.modified);
    s.update({ c: 3 });
    assert.equal(s.keys(), ['a', 'b', 'c']);
    assert.is(s.pop('a'), 1);
    s.delete('b');
    assert.throws(() => s.delete('b'), /KeyError: 'b'/);
    assert.throws(() => s.pop('zz'), /KeyError/);
    assert.equal(s.items(), [['c', 3]]);
    assert.ok(s.has('c'));
  });

  test('sync access before load() is refused with a clear message; the async methods load', async () => {
    const s = new DatabaseSessionStore();
    s.set('k', 'v');
    await s.save();
    const t = new DatabaseSessionStore(s.sessionKey);
    assert.throws(() => t.get('k'), /await session.load\(\) first/);
    assert.is(await t.aget('k'), 'v');
    await t.aset('k2', 'v2');
    assert.is(t.get('k2'), 'v2');
  });

  test('reads a session row written by Django', async () => {
    await Session.objects.create({ session_key: 'djangowrittenkey0000000000000000', session_data: DJANGO_SESSION_DATA, expire_date: new Date(Date.now() + 3600_000) });
    const s = await new DatabaseSessionStore('djangowrittenkey0000000000000000').load();
    assert.equal(s.items(), [['_auth_user_id', '1'], ['cart', [1, 2, 3]], ['name', 'Zoë']]);
  });

  test('tampered data, a wrong secret, an unknown or expired key give an empty session and a new key', async () => {
    await Session.objects.create({ session_key: 'tamperedkey00000000000000000000a', session_data: DJANGO_SESSION_DATA.replace('eyJf', 'eyJg'), expire_date: new Date(Date.now() + 3600_000) });
    const t = await new DatabaseSessionStore('tamperedkey00000000000000000000a').load();
    assert.equal(t.items(), []);
    configure({ SECRET_KEY: 'another-secret' });
    await Session.objects.create({ session_key: 'otherkeyotherkey0000000000000000', session_data: DJANGO_SESSION_DATA, expire_date: new Date(Date.now() + 3600_000) });
    assert.equal((await new DatabaseSessionStore('otherkeyotherkey0000000000000000').load()).items(), []);
    baseSettings();
    await Session.objects.create({ session_key: 'expiredkey0000000000000000000000', session_data: DJANGO_SESSION_DATA, expire_date: new Date(Date.now() - 1000) });
    const e = await new DatabaseSessionStore('expiredkey0000000000000000000000').load();
    assert.equal(e.items(), []);
    assert.is(e.sessionKey, null);
    const u = await new DatabaseSessionStore('nosuchkeynosuchkey').load();
    assert.is(u.sessionKey, null);
    u.set('x', 1);
    await u.save();
    assert.is.not(u.sessionKey, 'nosuchkeynosuchkey'); // no session fixation through an attacker-chosen key
    assert.is(new DatabaseSessionStore('short').sessionKey, null); // keys under 8 characters are invalid
  });

  test('cycleKey keeps the data under a new key and deletes the old row', async () => {
    const s = new DatabaseSessionStore();
    s.set('user', 7);
    await s.save();
    const old = s.sessionKey!;
    await s.cycleKey();
    assert.is.not(s.sessionKey, old);
    assert.is(s.get('user'), 7);
    assert.not.ok(await s.exists(old));
    assert.ok(await s.exists(s.sessionKey!));
    assert.is((await new DatabaseSessionStore(s.sessionKey).load()).get('user'), 7);
  });

  test('flush empties the data, deletes the row and forgets the key', async () => {
    const s = new DatabaseSessionStore();
    s.set('user', 7);
    await s.save();
    const key = s.sessionKey!;
    await s.flush();
    assert.is(s.sessionKey, null);
    assert.ok(s.isEmpty());
    assert.not.ok(await s.exists(key));
  });

  test('save() of a session deleted meanwhile is an UpdateError; the middleware makes it SessionInterrupted', async () => {
    const s = new DatabaseSessionStore();
    s.set('a', 1);
    await s.save();
    const mine = await new DatabaseSessionStore(s.sessionKey).load();
    await s.deleteSession();
    mine.set('b', 2);
    await rejects(() => mine.save(), UpdateError);
    await rejects(() => sessionResponse(mine, { hadCookie: true, status: 200 }), SessionInterrupted, /deleted before the request completed/);
  });

  test('expiry: setExpiry with seconds, a date, 0 and null; the row\'s expire_date follows', async () => {
    const s = new DatabaseSessionStore();
    assert.is(s.getExpiryAge(), 1209600);
    s.setExpiry(300);
    assert.is(s.getExpiryAge(), 300);
    assert.not.ok(s.getExpireAtBrowserClose());
    const at = new Date(Date.now() + 3600_000);
    s.setExpiry(at);
    assert.ok(Math.abs(s.getExpiryAge() - 3600) <= 1);
    assert.is(s.getExpiryDate().getTime(), Math.floor(at.getTime()));
    assert.match(s.get('_session_expiry') as string, /\+00:00$/);
    s.setExpiry(0);
    assert.ok(s.getExpireAtBrowserClose());
    assert.is(s.getExpiryAge(), 1209600); // 0 → SESSION_COOKIE_AGE for the row
    s.setExpiry(null);
    assert.not.ok(s.has('_session_expiry'));
    configure({ SESSION_EXPIRE_AT_BROWSER_CLOSE: true });
    assert.ok(s.getExpireAtBrowserClose());
    s.setExpiry(60);
    await s.save();
    const row = await Session.objects.get({ session_key: s.sessionKey! });
    assert.ok(Math.abs(row.expire_date.getTime() - (Date.now() + 60_000)) < 5000);
  });

  test('clearExpired deletes only expired rows', async () => {
    await Session.objects.create({ session_key: 'expired1expired1', session_data: 'x', expire_date: new Date(Date.now() - 1000) });
    await Session.objects.create({ session_key: 'current1current1', session_data: 'x', expire_date: new Date(Date.now() + 100_000) });
    assert.is(await DatabaseSessionStore.clearExpired(), 1);
    assert.equal(await Session.objects.valuesList('session_key', { flat: true }), ['current1current1']);
  });

  test('middleware: a modified session is saved and its cookie set with the settings', async () => {
    configure({ SESSION_COOKIE_SECURE: true, SESSION_COOKIE_DOMAIN: '.example.com' });
    const s = sessionFromCookies({});
    assert.ok(s instanceof DatabaseSessionStore);
    s.set('k', 'v');
    const out = await sessionResponse(s, { hadCookie: false, status: 200 });
    assert.ok(out.vary);
    const c = out.cookie!;
    assert.is(c.action, 'set');
    if (c.action !== 'set') return;
    assert.is(c.name, 'sessionid');
    assert.is(c.value, s.sessionKey);
    assert.is(c.maxAge, 1209600);
    assert.match(c.expires!, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    assert.is(c.domain, '.example.com');
    assert.is(c.path, '/');
    assert.is(c.secure, true);
    assert.is(c.httpOnly, true);
    assert.is(c.sameSite, 'Lax');
    assert.ok(await s.exists(s.sessionKey!));
  });

  test('middleware: untouched → nothing; emptied → cookie deleted; 5xx → not saved; browser-close → no max-age', async () => {
    const s = new DatabaseSessionStore();
    s.set('k', 'v');
    await s.save();
    const key = s.sessionKey!;
    const untouched = sessionFromCookies({ sessionid: key });
    assert.equal(await sessionResponse(untouched, { hadCookie: true, status: 200 }), { vary: false, cookie: null });
    const read = sessionFromCookies({ sessionid: key });
    await read.load();
    assert.equal(await sessionResponse(read, { hadCookie: true, status: 200 }), { vary: true, cookie: null });
    const flushed = await sessionFromCookies({ sessionid: key }).load();
    await flushed.flush();
    const del = await sessionResponse(flushed, { hadCookie: true, status: 200 });
    assert.is(del.cookie?.action, 'delete');
    const failing = new DatabaseSessionStore();
    failing.set('k', 'v');
    assert.is((await sessionResponse(failing, { hadCookie: false, status: 500 })).cookie, null);
    assert.is(failing.sessionKey, null);
    configure({ SESSION_EXPIRE_AT_BROWSER_CLOSE: true });
    const browser = new DatabaseSessionStore();
    browser.set('k', 'v');
    const out = await sessionResponse(browser, { hadCookie: false, status: 200 });
    assert.is(out.cookie?.action === 'set' && out.cookie.maxAge, null);
    configure({ SESSION_EXPIRE_AT_BROWSER_CLOSE: false, SESSION_SAVE_EVERY_REQUEST: true });
    const live = new DatabaseSessionStore();
    live.set('k', 'v');
    await live.save();
    const every = await sessionFromCookies({ sessionid: live.sessionKey! }).load();
    assert.is((await sessionResponse(every, { hadCookie: true, status: 200 })).cookie?.action, 'set');
  });
});

const signed = suite('contrib/sessions signed cookies');
signed.before.each(baseSettings);

signed('the session is the signed cookie value and reads back', async () => {
  const s = new SignedCookieSessionStore();
  s.set('cart', [1, 2]);
  await s.save();
  const again = await new SignedCookieSessionStore(s.sessionKey).load();
  assert.equal(again.get('cart'), [1, 2]);
  assert.not.ok(await s.exists(s.sessionKey!));
});

signed('reads a cookie signed by Django', async () => {
  configure({ SESSION_COOKIE_AGE: 10 * 365 * 86400 }); // the vector was made on 2026-11-25
  assert.equal((await new SignedCookieSessionStore(DJANGO_SIGNED_COOKIE).load()).items(), [['a', 'b'.repeat(50)]]);
});

signed('tampered, truncated, foreign-key and expired cookies are an empty, modified session', async () => {
  const s = new SignedCookieSessionStore();
  s.set('is_admin', false);
  await s.save();
  const value = s.sessionKey!;
  configure({ SECRET_KEY: 'someone-else' });
  const foreign = new SignedCookieSessionStore();
  foreign.set('is_admin', true);
  await foreign.save();
  baseSettings();
  for (const bad of [value.slice(0, -3), value.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')), 'not-a-signed-value', foreign.sessionKey!]) {
    const t = await new SignedCookieSessionStore(bad).load();
    assert.equal(t.items(), [], bad);
    assert.ok(t.modified);
  }
  configure({ SESSION_COOKIE_AGE: -1 });
  assert.equal((await new SignedCookieSessionStore(value).load()).items(), []);
});

signed('flush and cycleKey as Django\'s signed-cookie backend', async () => {
  configure({ SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies' });
  const s = sessionFromCookies({});
  assert.ok(s instanceof SignedCookieSessionStore);
  s.set('a', 1);
  await s.save();
  const first = s.sessionKey;
  await s.cycleKey();
  assert.ok(s.sessionKey);
  assert.is(s.get('a'), 1);
  await s.flush();
  assert.ok(s.isEmpty());
  const out = await sessionResponse(s, { hadCookie: true, status: 200 });
  assert.is(out.cookie?.action, 'delete');
  assert.ok(first);
});

signed.run();

const decoding = suite('contrib/sessions decode of stored data');
decoding.before.each(baseSettings);

decoding('decoding the same stored value again gives an equal, independent copy (a view mutating one leaves the next intact)', async () => {
  const store = new DatabaseSessionStore();
  const first = await store.decode(DJANGO_SESSION_DATA);
  (first.cart as number[]).push(4);
  first.name = 'changed';
  const second = await store.decode(DJANGO_SESSION_DATA);
  assert.equal(second, { _auth_user_id: '1', cart: [1, 2, 3], name: 'Zoë' });
  assert.is.not(second, first);
});

decoding('a session of plain values decoded again is a copy too: changing one leaves the next and the stored text intact', async () => {
  const store = new DatabaseSessionStore();
  const text = await store.encode({ _auth_user_id: '7', visits: 3, admin: false, note: null });
  const first = await store.decode(text);
  const second = await store.decode(text);
  assert.is.not(second, first);
  second.visits = 4;
  delete second.note;
  second.extra = 'x';
  assert.equal(await store.decode(text), { _auth_user_id: '7', visits: 3, admin: false, note: null });
  assert.equal(first, { _auth_user_id: '7', visits: 3, admin: false, note: null });
});

decoding('a value verified before is refused once SECRET_KEY or SECRET_KEY_FALLBACKS change', async () => {
  const store = new DatabaseSessionStore();
  assert.equal(Object.keys(await store.decode(DJANGO_SESSION_DATA)), ['_auth_user_id', 'cart', 'name']);
  configure({ SECRET_KEY: 'rotated', SECRET_KEY_FALLBACKS: ['session-tests'] });
  assert.equal((await store.decode(DJANGO_SESSION_DATA)).cart, [1, 2, 3], 'still valid under a fallback key');
  configure({ SECRET_KEY: 'rotated', SECRET_KEY_FALLBACKS: [] });
  assert.equal(await store.decode(DJANGO_SESSION_DATA), {}, 'the fallback retired: the cached verification is not reused');
  configure({ SECRET_KEY: 'session-tests', SECRET_KEY_FALLBACKS: [] });
  assert.equal((await store.decode(DJANGO_SESSION_DATA)).name, 'Zoë');
  assert.equal(await store.decode(DJANGO_SESSION_DATA.slice(0, -2) + 'xx'), {}, 'a tampered value is still refused');
});

decoding.run();
