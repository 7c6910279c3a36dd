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

test.run();
