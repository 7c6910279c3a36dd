// After Django's tests/signed_cookies_tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BadSignature, HttpRequest, HttpResponse, ImproperlyConfigured, KeyError, RAISE_ERROR, SignatureExpired, ValueError, configure, resetSettings } from '../../src/index';

test.before.each(() => {
  resetSettings();
  configure({ SECRET_KEY: 'signed-cookie-tests' });
});
test.after(() => {
  resetSettings();
});

/** The request a browser sends back with the response's cookie. */
async function roundTrip(response: HttpResponse, name: string): Promise<HttpRequest> {
  const value = response.cookies.get(name)!.value;
  return HttpRequest.create(new Request('http://testserver/', { headers: { cookie: `${name}=${value}` } }));
}

test('can set and read signed cookies; the value is signed, not plain', async () => {
  const response = new HttpResponse();
  await response.setSignedCookie('c', 'hello');
  const morsel = response.cookies.get('c')!;
  assert.ok(morsel.value.startsWith('hello:') && morsel.value.length > 'hello:'.length + 20);
  assert.is(await (await roundTrip(response, 'c')).getSignedCookie('c'), 'hello');
});

test('the salt takes part in the signature: a cookie read with another salt is refused', async () => {
  const response = new HttpResponse();
  await response.setSignedCookie('a', 'hello', 'one');
  const request = await roundTrip(response, 'a');
  assert.is(await request.getSignedCookie('a', RAISE_ERROR, 'one'), 'hello');
  try {
    await request.getSignedCookie('a');
    assert.unreachable('read without its salt');
  } catch (e) {
    assert.instance(e, BadSignature);
  }
  assert.is(await request.getSignedCookie('a', 'fallback', 'two'), 'fallback');
});

test('tampering is detected; with a default the default is answered instead', async () => {
  const response = new HttpResponse();
  await response.setSignedCookie('c', 'hello');
  const value = response.cookies.get('c')!.value;
  const request = await HttpRequest.create(new Request('http://testserver/', { headers: { cookie: `c=${value}x` } }));
  try {
    await request.getSignedCookie('c');
    assert.unreachable('accepted a tampered cookie');
  } catch (e) {
    assert.instance(e, BadSignature);
  }
  assert.is(await request.getSignedCookie('c', null), null);
});

test('a missing cookie is KeyError without a default, the default with one (even null)', async () => {
  const request = await HttpRequest.create(new Request('http://testserver/'));
  try {
    await request.getSignedCookie('nope');
    assert.unreachable('no KeyError');
  } catch (e) {
    assert.instance(e, KeyError);
    assert.match((e as Error).message, /'nope'/);
  }
  assert.is(await request.getSignedCookie('nope', null), null);
  assert.is(await request.getSignedCookie('nope', 'x'), 'x');
});

test('maxAge: a cookie older than maxAge seconds is SignatureExpired (RAISE_ERROR), or the default', async () => {
  const realNow = Date.now;
  const start = realNow();
  const response = new HttpResponse();
  try {
    Date.now = () => start;
    await response.setSignedCookie('c', 'hello');
    const request = await roundTrip(response, 'c');
    Date.now = () => start + 11_000;
    assert.is(await request.getSignedCookie('c', RAISE_ERROR, '', 12), 'hello');
    assert.is(await request.getSignedCookie('c', false, '', 10), false);
    assert.is(await request.getSignedCookie('c'), 'hello', 'no maxAge: no age check');
    try {
      await request.getSignedCookie('c', RAISE_ERROR, '', 10);
      assert.unreachable('an 11-second-old cookie passed a 10-second maxAge');
    } catch (e) {
      assert.instance(e, SignatureExpired);
    }
  } finally {
    Date.now = realNow;
  }
});

test('a signed cookie does not verify under another SECRET_KEY, but does under SECRET_KEY_FALLBACKS', async () => {
  const response = new HttpResponse();
  await response.setSignedCookie('c', 'hello');
  const request = await roundTrip(response, 'c');
  configure({ SECRET_KEY: 'rotated' });
  assert.is(await request.getSignedCookie('c', 'refused'), 'refused');
  configure({ SECRET_KEY: 'rotated', SECRET_KEY_FALLBACKS: ['signed-cookie-tests'] });
  assert.is(await request.getSignedCookie('c'), 'hello');
});

test('bad input: no SECRET_KEY is ImproperlyConfigured, a bad samesite is the ValueError of setCookie, and nothing is set', async () => {
  const response = new HttpResponse();
  configure({ SECRET_KEY: '' });
  try {
    await response.setSignedCookie('c', 'v');
    assert.unreachable('signed without a key');
  } catch (e) {
    assert.instance(e, ImproperlyConfigured);
  }
  configure({ SECRET_KEY: 'signed-cookie-tests' });
  try {
    await response.setSignedCookie('c', 'v', '', { samesite: 'sideways' as never });
    assert.unreachable('accepted samesite=sideways');
  } catch (e) {
    assert.instance(e, ValueError);
  }
  assert.is(response.cookies.size, 0);
});

test.run();
