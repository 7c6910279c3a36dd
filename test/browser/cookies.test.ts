/**
 * The runtime's cookie jar (src/browser/cookies.ts), in memory (null: no
 * IndexedDB in Node; the Chromium tests use the persisted jar through the
 * admin login): Set-Cookie as Django writes it, Path scoping, Max-Age and
 * Expires, deletion.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CookieJar, parseSetCookie } from '../../src/browser/cookies';
import { HttpResponse } from '../../src/http/response';

const NOW = Date.UTC(2026, 0, 1);

test('parseSetCookie reads what HttpResponse.setCookie writes: name, value, Path, Max-Age (over Expires)', () => {
  const response = new HttpResponse('');
  response.setCookie('sessionid', 'abc', { maxAge: 60, path: '/admin/', httponly: true, samesite: 'Lax' });
  const [header] = response.setCookieHeaders();
  const c = parseSetCookie(header!, NOW)!;
  assert.equal(c, { name: 'sessionid', value: 'abc', path: '/admin/', expires: NOW + 60_000 });
});

test('parseSetCookie refuses a value without a name and keeps a session cookie without expiry', () => {
  assert.is(parseSetCookie('=x; Path=/', NOW), null);
  assert.is(parseSetCookie('novalue', NOW), null);
  assert.equal(parseSetCookie('a=1', NOW), { name: 'a', value: '1', path: '/', expires: null });
  // A Path that is not absolute falls back to '/'; an unreadable Expires is ignored.
  assert.equal(parseSetCookie('a=1; Path=rel; Expires=not a date', NOW), { name: 'a', value: '1', path: '/', expires: null });
});

test('the jar sends cookies whose Path covers the request, longest path first, and not expired ones', async () => {
  const jar = await CookieJar.open(null);
  await jar.store(['csrftoken=t; Path=/', 'sessionid=s; Path=/admin', 'old=o; Path=/; Max-Age=10'], NOW);
  assert.is(jar.header('/admin/polls/', NOW), 'sessionid=s; csrftoken=t; old=o');
  assert.is(jar.header('/administrator', NOW), 'csrftoken=t; old=o', "'/admin' does not cover '/administrator'");
  assert.is(jar.header('/polls/', NOW + 11_000), 'csrftoken=t', 'Max-Age passed');
});

test('a Set-Cookie in the past (Django\'s delete_cookie) removes the cookie', async () => {
  const jar = await CookieJar.open(null);
  await jar.store(['sessionid=s; Path=/'], NOW);
  const response = new HttpResponse('');
  response.deleteCookie('sessionid');
  await jar.store(response.setCookieHeaders(), NOW);
  assert.is(jar.header('/', NOW), null);
  assert.equal(jar.all(), []);
});

test.run();
