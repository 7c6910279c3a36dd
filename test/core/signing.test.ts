// Vectors produced by Django's own django.core.signing (3.2 source on this
// machine, same algorithm as Django 5) and Python's hashlib/hmac/zlib.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../src/conf/settings';
import { BadSignature, SignatureExpired, Signer, TimestampSigner, b62Decode, b62Encode, dumps, getCookieSigner, loads } from '../../src/core/signing';
import { ValueError } from '../../src/core/exceptions';
import { saltedHmac, toHex } from '../../src/utils/crypto';

const test = suite('core/signing');
test.before.each(() => {
  resetSettings();
  configure({ SECRET_KEY: 'manouche-test-secret' });
});

class FixedTimestampSigner extends TimestampSigner {
  override timestamp(): string {
    return b62Encode(1700000000);
  }
}

async function rejects(fn: () => Promise<unknown>, cls: Function, re?: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error).name}: ${(e as Error).message}`);
    if (re) assert.match((e as Error).message, re);
    return;
  }
  assert.unreachable(`expected ${cls.name}`);
}

test('Signer signs hello as Django does with the issue key', async () => {
  assert.is(await new Signer().sign('hello'), 'hello:igfPeuadBBcynRvbeQOD0eJI2yJpojlhYQxqLRkRyys');
  assert.is(await new Signer({ salt: 'extra' }).sign('hello'), 'hello:PHdO-E2ar83dyYbNgEiSteNQ14NS3-0Fa3tihlpv7lw');
  assert.is(await new Signer({ key: 'other', sep: '/' }).sign('héllo wörld'), 'héllo wörld/iWHJB_HrIQLtkpONLZnFo26S_DgEovnFhdiuh58Fh5g');
});

test('salted_hmac matches Python for sha1 and sha256', async () => {
  assert.is(toHex(await saltedHmac('salt', 'value', 'secret')), 'a82be9ba6efe61405ee8d2e8a3781c37e103360a');
  assert.is(toHex(await saltedHmac('salt', 'value', 'secret', 'sha256')), 'debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8');
});

test('salted_hmac reuses its derived key per (algorithm, salt, secret) without mixing them up', async () => {
  // Interleaved calls: the cached keys must stay apart (salt, secret, algorithm, bytes secret uncached).
  for (let round = 0; round < 3; round++) {
    assert.is(toHex(await saltedHmac('salt', 'value', 'secret')), 'a82be9ba6efe61405ee8d2e8a3781c37e103360a');
    assert.is(toHex(await saltedHmac('salt', 'value', 'secret', 'sha256')), 'debaddcd9ecbaab181289870baf8af49b0af0a7050d620d1a63f1e69bd87ceb8');
    assert.is(toHex(await saltedHmac('salt', 'value', new TextEncoder().encode('secret'))), 'a82be9ba6efe61405ee8d2e8a3781c37e103360a');
    assert.is.not(toHex(await saltedHmac('salt', 'value', 'secret2')), 'a82be9ba6efe61405ee8d2e8a3781c37e103360a');
    assert.is.not(toHex(await saltedHmac('salt2', 'value', 'secret')), 'a82be9ba6efe61405ee8d2e8a3781c37e103360a');
  }
  // Concurrent first uses share one derivation and agree.
  const all = await Promise.all(Array.from({ length: 8 }, () => saltedHmac('fresh-salt', 'v', 'fresh-secret')));
  assert.is(new Set(all.map(toHex)).size, 1);
});

test('unsign returns the value and rejects tampering, truncation and a missing separator', async () => {
  const s = new Signer();
  const signed = await s.sign('hello');
  assert.is(await s.unsign(signed), 'hello');
  await rejects(() => s.unsign('hellp' + signed.slice(5)), BadSignature, /does not match/);
  await rejects(() => s.unsign(signed.slice(0, -1)), BadSignature);
  await rejects(() => s.unsign('hello'), BadSignature, /No ":" found in value/);
  await rejects(() => new Signer({ salt: 'other' }).unsign(signed), BadSignature);
});

test('an unsafe separator is refused and an empty SECRET_KEY is ImproperlyConfigured', () => {
  assert.throws(() => new Signer({ sep: 'abc' }), (e: Error) => e instanceof ValueError && /Unsafe Signer separator/.test(e.message));
  configure({ SECRET_KEY: '' });
  assert.throws(() => new Signer(), /SECRET_KEY setting must not be empty/);
});

test('SECRET_KEY_FALLBACKS verify old signatures; new ones use the current key', async () => {
  const old = await new Signer({ key: 'old-secret' }).sign('v');
  configure({ SECRET_KEY: 'new-secret', SECRET_KEY_FALLBACKS: ['old-secret'] });
  assert.is(await new Signer().unsign(old), 'v');
  assert.is.not(await new Signer().sign('v'), old);
  configure({ SECRET_KEY_FALLBACKS: [] });
  await rejects(() => new Signer().unsign(old), BadSignature);
});

test('TimestampSigner output matches Django at a fixed time', async () => {
  assert.is(b62Encode(1700000000), '1r31eq');
  assert.is(b62Decode('1r31eq'), 1700000000);
  assert.is(await new FixedTimestampSigner().sign('hello'), 'hello:1r31eq:M2UotFlyKyqJ4xf7CFVP7gwuhqsUIcYyrl6JkMijLgg');
  assert.is(await new TimestampSigner().unsign('hello:1r31eq:M2UotFlyKyqJ4xf7CFVP7gwuhqsUIcYyrl6JkMijLgg'), 'hello');
});

test('maxAge: a fresh signature passes, an old one raises SignatureExpired (a BadSignature)', async () => {
  const s = new TimestampSigner();
  const fresh = await s.sign('v');
  assert.is(await s.unsign(fresh, 60), 'v');
  const old = await new FixedTimestampSigner().sign('v');
  await rejects(() => s.unsign(old, 60), SignatureExpired, /Signature age \d+(\.\d+)? > 60 seconds/);
  assert.ok(new SignatureExpired('x') instanceof BadSignature);
  assert.is(await s.unsign(old), 'v'); // no maxAge, no expiry
});

test('signObject matches Django bytes for bytes, including non-ASCII JSON', async () => {
  const s = new FixedTimestampSigner({ salt: 'django.core.signing' });
  assert.is(await s.signObject({ a: 1, b: 'é', c: [true, null] }), 'eyJhIjoxLCJiIjoiXHUwMGU5IiwiYyI6W3RydWUsbnVsbF19:1r31eq:O-sYF6AcKDNoqAximCPR0mzZEBSgHfO7S7twFzlL-6A');
});

test('loads reads a compressed value produced by Django (zlib, "." prefix)', async () => {
  assert.equal(await loads('.eJyLVqoYJkApFgDwcl69:1r31eq:OmhYp7CDIT82_v8xLmNonGpQEya50Lo5NzUrx5lsPdM'), ['x'.repeat(200)]);
  assert.equal(await loads('Ingi:1xWI0w:rDDrz0fP2FHyRLEXhWakU09qmv9MRwPEq5fhrXX2SZg', { key: 'k' }), 'x');
});

test('dumps/loads round-trip with salt and compression; compression only when shorter', async () => {
  const obj = { list: Array.from({ length: 50 }, (_, i) => ({ i, name: 'same text' })), u: 'ünïcödé 😀' };
  const c = await dumps(obj, { compress: true, salt: 'tools' });
  assert.ok(c.startsWith('.'));
  assert.equal(await loads(c, { salt: 'tools' }), obj);
  const small = await dumps({ a: 1 }, { compress: true });
  assert.not.ok(small.startsWith('.'));
  await rejects(() => loads(c), BadSignature); // wrong salt
  await rejects(() => loads(c, { salt: 'tools', maxAge: -1 }), SignatureExpired);
});

test('loads rejects a tampered payload, and garbage behind a valid signature', async () => {
  const token = await dumps({ admin: false });
  const [payload, ts, sig] = token.split(':');
  const forged = btoa('{"admin":true}').replace(/=+$/, '');
  await rejects(() => loads(`${forged}:${ts}:${sig}`), BadSignature);
  const signer = new TimestampSigner({ salt: 'django.core.signing' });
  const garbage = await signer.sign('.AAAA'); // valid signature, not zlib
  await rejects(() => loads(garbage), BadSignature, /could not be decoded/);
  assert.ok(payload);
});

test('the cookie signer uses Django key derivation (django.http.cookies + SECRET_KEY)', async () => {
  assert.is(await getCookieSigner('django.contrib.messages').signature('abc'), 'Y2s6SlW0gJXOH37IEcbqKbvWceW4ivhaHliqvG4i0Jc');
});

test.run();
