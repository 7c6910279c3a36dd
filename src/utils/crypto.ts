/**
 * Django's django.utils.crypto on WebCrypto (salted_hmac on @noble/hashes): constant-time
 * comparison, random strings, PBKDF2. Isomorphic (globalThis.crypto).
 */
import type { _HMAC } from '@noble/hashes/hmac.js';
import type { CHash } from '@noble/hashes/utils.js';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const utf8 = new TextEncoder();

/** Django's RANDOM_STRING_CHARS. */
export const RANDOM_STRING_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
const WEB_NAMES: Record<DigestName, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

/** Python's force_bytes for str and bytes. */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8.encode(value) : value;
}

function webName(algorithm: string): string {
  const name = WEB_NAMES[algorithm as DigestName];
  if (!name) throw new Error(`${algorithm} is not an algorithm accepted by the hashlib module.`);
  return name;
}

/** hashlib.<algorithm>(data).digest() */
export async function digest(algorithm: DigestName, data: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(webName(algorithm), toBytes(data) as BufferSource));
}

/** hmac.new(key, msg, algorithm).digest() */
export async function hmac(algorithm: DigestName, key: string | Uint8Array, msg: string | Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', toBytes(key) as BufferSource, { name: 'HMAC', hash: webName(algorithm) }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, toBytes(msg) as BufferSource));
}

/**
 * Django's salted_hmac(key_salt, value, secret, algorithm): the HMAC key is
 * hash(key_salt + secret), so one secret yields independent keys per use.
 */
export async function saltedHmac(keySalt: string, value: string | Uint8Array, secret: string | Uint8Array, algorithm: DigestName = 'sha1'): Promise<Uint8Array> {
  // The keyed HMAC state depends only on (algorithm, salt, secret): a session
  // or a signed cookie checked on every request clones one prepared state
  // (pure JS, synchronous: a WebCrypto sign is a thread-pool job costing about
  // twice as much for these short messages) instead of a digest, an importKey
  // and a sign each time.
  const cacheable = typeof secret === 'string';
  const id = cacheable ? `${algorithm}\0${keySalt}\0${secret}` : '';
  let keyed = cacheable ? keyedStates.get(id) : undefined;
  if (!keyed) {
    const salt = toBytes(keySalt);
    const sec = toBytes(secret);
    const joined = new Uint8Array(salt.length + sec.length);
    joined.set(salt);
    joined.set(sec, salt.length);
    const noble = loadedNoble ?? (await loadNoble());
    const hash: CHash | undefined = Object.hasOwn(noble.hashes, algorithm) ? noble.hashes[algorithm] : undefined;
    if (!hash) throw new Error(`${algorithm} is not an algorithm accepted by the hashlib module.`);
    keyed = noble.hmac.create(hash, hash(joined));
    if (cacheable) {
      if (keyedStates.size >= KEYED_STATES_MAX) keyedStates.clear();
      keyedStates.set(id, keyed);
    }
  }
  return keyed.clone().update(toBytes(value)).digest();
}

// @noble/hashes (six modules, some 75 KB of source) is imported by the first
// salted_hmac that needs a new keyed state, not at startup: a process that
// signs nothing (sessions in a cache, CSRF in the session) never loads it.
type Noble = (typeof import('./noble'))['noble'];
let loadedNoble: Noble | undefined;

async function loadNoble(): Promise<Noble> {
  return (loadedNoble = (await import('./noble')).noble);
}

const KEYED_STATES_MAX = 256;
const keyedStates = new Map<string, _HMAC<any>>();

/**
 * hmac.compare_digest on the UTF-8 bytes: the time depends on the lengths,
 * never on where the first difference is.
 */
export function constantTimeCompare(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ (y[i] ?? 0);
  return diff === 0;
}

/** Django's get_random_string(length, allowed_chars): uniform (rejection sampling), CSPRNG. */
export function getRandomString(length: number, allowedChars: string = RANDOM_STRING_CHARS): string {
  // An alphabet of single UTF-16 units (Django's default, CSRF's, session keys') becomes one string
  // from its codes; concatenating character by character made a string per character.
  if (allowedChars.length > 0 && allowedChars.length <= 256 && !/[\uD800-\uDFFF]/.test(allowedChars)) {
    const codes = length <= scratch.length ? scratch : new Uint16Array(length);
    randomIndexes(codes, length, allowedChars.length);
    for (let i = 0; i < length; i++) codes[i] = allowedChars.charCodeAt(codes[i]!);
    const out = fromCodes(codes, length);
    codes.fill(0, 0, length); // session keys and secrets are made here: like the pool's bytes, not left in memory
    return out;
  }
  const chars = [...allowedChars];
  let out = '';
  for (const i of randomIndexes(new Uint16Array(length), length, chars.length)) out += chars[i];
  return out;
}

/**
 * Fills `out[0..count)` with uniform random integers below `n` (1 to 256), drawn from the
 * CSPRNG with rejection sampling: bytes at or above the largest multiple of n would bias it.
 */
export function randomIndexes<T extends Uint8Array | Uint16Array>(out: T, count: number, n: number): T {
  if (!(n >= 1 && n <= 256)) throw new RangeError('allowedChars must hold 1 to 256 characters.');
  const limit = 256 - (256 % n);
  for (let i = 0; i < count; ) {
    if (poolAt === POOL_SIZE) {
      globalThis.crypto.getRandomValues(pool);
      poolAt = 0;
    }
    const b = pool[poolAt]!;
    pool[poolAt++] = 0; // a byte is used once and not left in memory
    if (b < limit) out[i++] = b % n;
  }
  return out;
}

/** The string of the first `length` UTF-16 codes, 4,096 at a time (the arguments fromCharCode can take at once). */
export function fromCodes(codes: Uint16Array, length: number): string {
  let out = '';
  for (let at = 0; at < length; at += 4096) out += String.fromCharCode.apply(null, codes.subarray(at, Math.min(length, at + 4096)) as unknown as number[]);
  return out;
}

const scratch = new Uint16Array(128);

// CSPRNG bytes drawn a pool at a time: getRandomValues costs about the same
// for 4 bytes as for 4 KiB (it is a call into the OS generator), and a page
// with a CSRF token needs 32 of them per request (Node pools randomUUID's
// bytes the same way).
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolAt = POOL_SIZE;

/** hashlib.pbkdf2_hmac(digest, password, salt, iterations, dklen or the digest size). */
export async function pbkdf2(password: string | Uint8Array, salt: string | Uint8Array, iterations: number, algorithm: DigestName = 'sha256', dklen = 0): Promise<Uint8Array> {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError('iterations must be a positive integer.');
  const key = await subtle().importKey('raw', toBytes(password) as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = (dklen || DIGEST_SIZE[algorithm]) * 8;
  const out = await subtle().deriveBits({ name: 'PBKDF2', hash: webName(algorithm), salt: toBytes(salt) as BufferSource, iterations }, key, bits);
  return new Uint8Array(out);
}

const DIGEST_SIZE: Record<DigestName, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** Lowercase hex of bytes (Python's .hexdigest()). */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
