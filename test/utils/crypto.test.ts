import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getRandomString, RANDOM_STRING_CHARS } from '../../src/utils/crypto';

test('getRandomString: the length asked, only the allowed characters, a new string each call', () => {
  const a = getRandomString(32);
  assert.is(a.length, 32);
  assert.ok([...a].every((c) => RANDOM_STRING_CHARS.includes(c)));
  assert.is.not(getRandomString(32), a);
  const hex = getRandomString(50, '0123456789abcdef');
  assert.match(hex, /^[0-9a-f]{50}$/);
  assert.is(getRandomString(0), '');
});

test('getRandomString: many draws (past any pool of random bytes) stay unbiased enough to reach every character', () => {
  // 10,000 characters take more than one 4 KiB pool of random bytes.
  const counts = new Map<string, number>();
  for (let i = 0; i < 100; i++) for (const c of getRandomString(100, 'abcd')) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal([...counts.keys()].sort(), ['a', 'b', 'c', 'd']);
  for (const n of counts.values()) assert.ok(n > 2000 && n < 3000, `a share of ${n} in 10,000 for one of four characters`);
  const draws = new Set(Array.from({ length: 1000 }, () => getRandomString(12)));
  assert.is(draws.size, 1000, 'no repeats among 1,000 draws of 12 characters');
});

test('getRandomString refuses an empty or oversized alphabet', () => {
  assert.throws(() => getRandomString(5, ''), RangeError);
  assert.throws(() => getRandomString(5, 'x'.repeat(257)), RangeError);
});

test('getRandomString: an alphabet of astral characters draws whole characters, never half a surrogate pair', () => {
  const s = getRandomString(40, '\u{1F600}\u{1F601}x');
  assert.is([...s].length, 40);
  assert.ok([...s].every((c) => ['\u{1F600}', '\u{1F601}', 'x'].includes(c)));
});

test('getRandomString: lengths past the reused buffer and past one fromCharCode chunk', () => {
  for (const n of [127, 128, 129, 4096, 5000, 10_000]) {
    const s = getRandomString(n);
    assert.is(s.length, n);
    assert.match(s, /^[a-zA-Z0-9]+$/);
  }
});

test.run();
