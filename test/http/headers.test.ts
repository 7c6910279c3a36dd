import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HttpHeaders } from '../../src/http/headers';

const raw = ['Host', 'x:1', 'Accept', 'text/html', 'X-Many', 'a', 'x-many', 'b', 'Set-Cookie', 's=1', 'set-cookie', 't=2', 'Cookie', 'c=1'];

test('HttpHeaders.fromRaw reads rawHeaders as a fetch Headers would: case-insensitive, repeats joined, Set-Cookie kept apart', () => {
  const h = HttpHeaders.fromRaw(raw);
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

test('HttpHeaders: set/append/delete change it like Headers', () => {
  const h = HttpHeaders.fromRaw(['Host', 'x']);
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

test('HttpHeaders refuses bad names and values on set/append, naming them', () => {
  const h = new HttpHeaders();
  assert.throws(() => h.set('bad name', 'x'), (e: Error) => e instanceof TypeError && /invalid header name "bad name"/.test(e.message));
  assert.throws(() => h.append('', 'x'), TypeError);
  assert.throws(() => h.set('x', 'a\r\nInjected: 1'), (e: Error) => e instanceof TypeError && /invalid header value/.test(e.message));
  assert.throws(() => h.append('x', 'a\0b'), TypeError);
  assert.is(h.get('x'), null, 'nothing was stored');
});


test('HttpHeaders iterates in code-unit order whatever order the names arrived in', () => {
  const names = ['x-b', 'accept', 'Z-last', 'x-a', 'host', 'a', 'cookie', 'set-cookie', 'content-type', 'b-2', 'b-10'];
  for (let shift = 0; shift < names.length; shift++) {
    const rotated = [...names.slice(shift), ...names.slice(0, shift)];
    const h = HttpHeaders.fromRaw(rotated.flatMap((n, i) => [n, String(i)]));
    const u = new Headers(rotated.map((n, i) => [n, String(i)] as [string, string]));
    assert.equal([...h.keys()], [...u.keys()], `arrival order starting at ${rotated[0]}`);
  }
});

test('new HttpHeaders(init) takes what new Headers takes, checking each pair', () => {
  const inits: Array<[string, HeadersInit]> = [
    ['a record', { 'Content-Type': 'text/plain', 'X-A': ' 1 ' }],
    ['pairs', [['Vary', 'Cookie'], ['vary', 'Accept'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']]],
    ['a Headers', new Headers([['X-B', '2'], ['Set-Cookie', 'c=3'], ['Set-Cookie', 'd=4']])],
  ];
  for (const [what, init] of inits) {
    const h = new HttpHeaders(init);
    const u = new Headers(init);
    assert.equal([...h], [...u], what);
    assert.equal(h.getSetCookie(), u.getSetCookie(), `${what}: Set-Cookie`);
  }
  assert.equal([...new HttpHeaders(new HttpHeaders({ A: '1' }))], [['a', '1']], 'another HttpHeaders');
  assert.equal([...new HttpHeaders(undefined)], []);
  assert.throws(() => new HttpHeaders([['a', 'b', 'c'] as unknown as [string, string]]), (e: Error) => e instanceof TypeError && /two items, not 3/.test(e.message));
  assert.throws(() => new HttpHeaders({ 'bad name': 'x' }), (e: Error) => e instanceof TypeError && /"bad name"/.test(e.message));
  assert.throws(() => new HttpHeaders({ x: 'a\nInjected: 1' }), (e: Error) => e instanceof TypeError && /invalid header value/.test(e.message));
});

test('forEachUnsorted visits what forEach visits, in the order fields were added, Set-Cookie last', () => {
  const h = HttpHeaders.fromRaw(['X-B', '2', 'Set-Cookie', 's=1', 'a', '1', 'x-b', '3', 'set-cookie', 't=2']);
  const seen: string[] = [];
  h.forEachUnsorted((v, k) => seen.push(`${k}=${v}`));
  assert.equal(seen, ['x-b=2, 3', 'a=1', 'set-cookie=s=1', 'set-cookie=t=2']);
  const sorted: string[] = [];
  h.forEach((v, k) => sorted.push(`${k}=${v}`));
  assert.equal([...seen].sort(), [...sorted].sort());
});

test.run();
