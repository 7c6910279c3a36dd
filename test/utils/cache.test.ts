import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpResponse } from '../../src/http/response';
import { hasVaryHeader, patchVaryHeaders } from '../../src/utils/cache';

test('patchVaryHeaders: sets Vary on a response without one, one header or several', () => {
  const one = new HttpResponse('');
  patchVaryHeaders(one, ['Cookie']);
  assert.is(one.get('Vary'), 'Cookie');
  const two = new HttpResponse('');
  patchVaryHeaders(two, ['Cookie', 'Accept-Language']);
  assert.is(two.get('Vary'), 'Cookie, Accept-Language');
});

test('patchVaryHeaders: merges with the Vary already there, case-insensitively, without duplicates (Django)', () => {
  const r = new HttpResponse('');
  r.set('Vary', 'Accept-Encoding, cookie');
  patchVaryHeaders(r, ['Cookie', 'Accept-Language']);
  assert.is(r.get('Vary'), 'Accept-Encoding, cookie, Accept-Language');
  assert.ok(hasVaryHeader(r, 'ACCEPT-LANGUAGE'));
  assert.not.ok(hasVaryHeader(r, 'Origin'));
});

test("patchVaryHeaders: '*' absorbs every other header, given or already there", () => {
  const given = new HttpResponse('');
  patchVaryHeaders(given, ['*']);
  assert.is(given.get('Vary'), '*');
  const there = new HttpResponse('');
  there.set('Vary', 'Cookie');
  patchVaryHeaders(there, ['*', 'Origin']);
  assert.is(there.get('Vary'), '*');
});

test.run();
