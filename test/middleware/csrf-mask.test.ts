import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, maskCipherSecret, unmaskCipherToken } from '../../src/middleware/csrf';

const secret = fc.string({ unit: fc.constantFrom(...CSRF_ALLOWED_CHARS), minLength: CSRF_SECRET_LENGTH, maxLength: CSRF_SECRET_LENGTH });

test('maskCipherSecret: a token of twice the secret length, in the allowed characters, that unmasks to the secret', () => {
  fc.assert(
    fc.property(secret, (s) => {
      const token = maskCipherSecret(s);
      assert.is(token.length, 2 * CSRF_SECRET_LENGTH);
      assert.match(token, /^[a-zA-Z0-9]+$/);
      assert.is(unmaskCipherToken(token), s);
    }),
  );
});

test('maskCipherSecret: a fresh mask on every call, so the same secret never gives the same token twice', () => {
  const s = 'a'.repeat(CSRF_SECRET_LENGTH);
  const tokens = new Set(Array.from({ length: 200 }, () => maskCipherSecret(s)));
  assert.is(tokens.size, 200);
  for (const t of tokens) assert.is(unmaskCipherToken(t), s);
});

test.run();
