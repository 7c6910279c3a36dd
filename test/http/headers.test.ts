import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IncomingHeaders } from '../../src/node/headers';

const raw = ['Host', 'x:1', 'Accept', 'text/html', 'X-Many', 'a', 'x-many', 'b', 'Set-Cookie', 's=1', 'set-cookie', 't=2', 'Cookie', 'c=1'];

test('IncomingHeaders reads rawHeaders as a fetch Headers would: case-insensitive, repeats joined, Set-Cookie kept apart', () => {
  const h = new IncomingHeaders(raw);
  const u = new Headers(Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i], raw[2 * i + 1]] as [string, string]));
  for (const name of ['host', 'HOST', 'accept', 'x-many', 'cookie', 'set-cookie', 'missing']) assert.is(h.get(name), u.get(name), name);
  assert.equal([...h], [...u], 'iteration: sorted by name, one entry per Set-Cookie');
  assert.equal(h.getSetCookie(), ['s=1', 't=2']);
  assert.ok(h.has('X-MANY') && !h.has('nope'));
  assert.equal([...h.keys()], [...u.keys()]);
  assert.equal([...h.values()], [...u.values()]);
  const seen: string[] = [];
  h.forEach((v, k) => seen.push(`${k}=${v}`));
  const want: string[] = [];
  u.forEach((v, k) => want.push(`${k}=${v}`));
  assert.equal(seen, want, 'forEach: the same sorted order as Headers, one call per Set-Cookie');
  assert.equal([...new Headers(h)], [...u], 'usable wherever HeadersInit is taken');
});

test('IncomingHeaders: set/append/delete change it like Headers', () => {
  const h = new IncomingHeaders(['Host', 'x']);
  h.append('Vary', 'Cookie');
  h.append('vary', 'Accept');
  assert.is(h.get('vary'), 'Cookie, Accept');
  h.set('VARY', '  Origin ');
  assert.is(h.get('vary'), 'Origin', 'surrounding whitespace is not part of the value');
  h.delete('Vary');
  assert.is(h.get('vary'), null);
  h.set('set-cookie', 'a=1');
  h.append('set-cookie', 'b=2');
  assert.equal(h.getSetCookie(), ['a=1', 'b=2']);
  h.delete('set-cookie');
  assert.not.ok(h.has('set-cookie'));
  assert.is(Object.prototype.toString.call(h), '[object Headers]');
});

test('IncomingHeaders refuses bad names and values on set/append, naming them', () => {
  const h = new IncomingHeaders();
  assert.throws(() => h.set('bad name', 'x'), (e: Error) => e instanceof TypeError && /invalid header name "bad name"/.test(e.message));
  assert.throws(() => h.append('', 'x'), TypeError);
  assert.throws(() => h.set('x', 'a\r\nInjected: 1'), (e: Error) => e instanceof TypeError && /invalid header value/.test(e.message));
  assert.throws(() => h.append('x', 'a\0b'), TypeError);
  assert.is(h.get('x'), null, 'nothing was stored');
});

test.run();

test('IncomingHeaders iterates in code-unit order whatever order the names arrived in', () => {
  const names = ['x-b', 'accept', 'Z-last', 'x-a', 'host', 'a', 'cookie', 'set-cookie', 'content-type', 'b-2', 'b-10'];
  for (let shift = 0; shift < names.length; shift++) {
    const rotated = [...names.slice(shift), ...names.slice(0, shift)];
    const h = new IncomingHeaders(rotated.flatMap((n, i) => [n, String(i)]));
    const u = new Headers(rotated.map((n, i) => [n, String(i)] as [string, string]));
    assert.equal([...h.keys()], [...u.keys()], `arrival order starting at ${rotated[0]}`);
  }
});
