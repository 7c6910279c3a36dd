/**
 * Django's get_random_secret_key(): 50 characters drawn with WebCrypto from
 * Django's alphabet, without modulo bias.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

export function randomString(length: number, alphabet = ALPHABET): string {
  let out = '';
  const limit = 256 - (256 % alphabet.length); // reject bytes that would favour the first letters
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function getRandomSecretKey(): string {
  return randomString(50);
}
