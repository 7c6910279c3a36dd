/**
 * Django's password hashers (django.contrib.auth.hashers) in Django's exact
 * storage format, so a users table moved from Django keeps working:
 *
 *   pbkdf2_sha256$<iterations>$<salt>$<base64 hash>     (the default)
 *   pbkdf2_sha1$<iterations>$<salt>$<base64 hash>
 *   scrypt$<n>$<salt>$<r>$<p>$<base64 hash>
 *   md5$<salt>$<hex>                                      (tests only, as in Django)
 *   !<40 random characters>                               (an unusable password)
 *
 * PASSWORD_HASHERS lists the hashers in order: the first hashes new
 * passwords; the others still verify, and a password stored with one of them
 * (or with other parameters) is re-hashed by checkPassword's setter.
 *
 * @example
 * const encoded = await makePassword('s3cret');            // 'pbkdf2_sha256$1200000$...'
 * await checkPassword('s3cret', encoded, async (raw) => { user.password = await makePassword(raw); await user.save(); });
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { md5 } from '@noble/hashes/legacy.js';
import { ImproperlyConfigured, ValueError } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import { b64encode } from '../../utils/base64';
import { RANDOM_STRING_CHARS, constantTimeCompare, getRandomString, pbkdf2, toBytes, toHex, type DigestName } from '../../utils/crypto';

export const UNUSABLE_PASSWORD_PREFIX = '!';
export const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

/** Django's mask_hash: the first `show` characters, then one `char` per hidden character. */
export function maskHash(hash: string, show = 6, char = '*'): string {
  return hash.slice(0, show) + char.repeat(Math.max(0, hash.length - show));
}

/** Django's must_update_salt: fewer bits than the hasher's salt entropy. */
export function mustUpdateSalt(salt: string, expectedEntropy: number): boolean {
  return salt.length * Math.log2(RANDOM_STRING_CHARS.length) < expectedEntropy;
}

/** Django's BasePasswordHasher. Subclasses set `algorithm` and implement encode/decode. */
export abstract class BasePasswordHasher {
  abstract readonly algorithm: string;
  readonly saltEntropy: number = 128;

  /** A salt with `saltEntropy` bits from RANDOM_STRING_CHARS (22 characters). */
  salt(): string {
    const count = Math.ceil(this.saltEntropy / Math.log2(RANDOM_STRING_CHARS.length));
    return getRandomString(count, RANDOM_STRING_CHARS);
  }

  abstract encode(password: string, salt: string, ...params: number[]): Promise<string>;
  abstract decode(encoded: string): Record<string, string | number>;

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    return constantTimeCompare(encoded, await this.encodeLike(password, decoded));
  }

  /** Re-encodes `password` with the salt and parameters of a decoded hash. */
  protected abstract encodeLike(password: string, decoded: Record<string, string | number>): Promise<string>;

  /** True when the hash was made with other parameters than this hasher's (Django's must_update). */
  mustUpdate(_encoded: string): boolean {
    return false;
  }

  /** Runs the missing work after a failed check, so timing does not reveal an old hash (Django's harden_runtime). */
  async hardenRuntime(_password: string, _encoded: string): Promise<void> {}

  /** A summary with the secret parts masked, for display (Django's safe_summary). */
  abstract safeSummary(encoded: string): Record<string, string | number>;

  protected checkEncodeArgs(password: unknown, salt: string): void {
    if (password === null || password === undefined) throw new TypeError('password must be provided.');
    if (!salt || salt.includes('$')) throw new ValueError('salt must be provided and cannot contain $.');
  }

  protected split(encoded: string, parts: number): string[] {
    const out = splitN(encoded, '$', parts);
    if (out.length !== parts || out[0] !== this.algorithm) {
      throw new ValueError(`Invalid ${this.algorithm} password hash.`);
    }
    return out;
  }
}

/** Python's str.split(sep, parts - 1). */
function splitN(s: string, sep: string, parts: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < parts - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

function toInt(s: string): number {
  if (!/^\d{1,10}$/.test(s)) throw new ValueError(`invalid literal for int() with base 10: '${s}'`);
  return Number(s);
}

/** PBKDF2 + HMAC + SHA256, Django's default (the iteration count of current Django). */
export class PBKDF2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'pbkdf2_sha256';
  /** Django 6.0's count (raised about 20% each feature release). */
  readonly iterations: number = 1_200_000;
  readonly digest: DigestName = 'sha256';

  async encode(password: string, salt: string, iterations?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const n = iterations || this.iterations;
    const hash = b64encode(await pbkdf2(password, salt, n, this.digest));
    return `${this.algorithm}$${n}$${salt}$${hash}`;
  }

  decode(encoded: string): { algorithm: string; hash: string; iterations: number; salt: string } {
    const [algorithm, iterations, salt, hash] = this.split(encoded, 4) as [string, string, string, string];
    return { algorithm, hash, iterations: toInt(iterations), salt };
  }

  protected encodeLike(password: string, d: Record<string, string | number>): Promise<string> {
    return this.encode(password, d.salt as string, d.iterations as number);
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return { algorithm: d.algorithm, iterations: d.iterations, salt: maskHash(d.salt, 2), hash: maskHash(d.hash) };
  }

  override mustUpdate(encoded: string): boolean {
    const d = this.decode(encoded);
    return d.iterations !== this.iterations || mustUpdateSalt(d.salt, this.saltEntropy);
  }

  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const d = this.decode(encoded);
    const extra = this.iterations - d.iterations;
    if (extra > 0) await this.encode(password, d.salt, extra);
  }
}

/** PBKDF2 + HMAC + SHA1 (for hashes made by systems that need it). */
export class PBKDF2SHA1PasswordHasher extends PBKDF2PasswordHasher {
  override readonly algorithm: string = 'pbkdf2_sha1';
  override readonly digest: DigestName = 'sha1';
}

/** scrypt with Django's parameters (n = 2**14, r = 8, p = 1, 64-byte key). */
export class ScryptPasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'scrypt';
  readonly blockSize: number = 8;
  readonly parallelism: number = 1;
  readonly workFactor: number = 2 ** 14;

  async encode(password: string, salt: string, n?: number, r?: number, p?: number): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const N = n || this.workFactor;
    const R = r || this.blockSize;
    const P = p || this.parallelism;
    // Python's hashlib.scrypt with maxmem=0 (OpenSSL's 32 MiB cap): refuse the same inputs.
    if (128 * N * R + 128 * R * P > 32 * 1024 * 1024 + 64 * 1024) throw new ValueError('[digital envelope routines] memory limit exceeded');
    const key = await scryptAsync(toBytes(password), toBytes(salt), { N, r: R, p: P, dkLen: 64 });
    return `${this.algorithm}$${N}$${salt}$${R}$${P}$${b64encode(key)}`;
  }

  decode(encoded: string): { algorithm: string; workFactor: number; salt: string; blockSize: number; parallelism: number; hash: string } {
    const [algorithm, n, salt, r, p, hash] = this.split(encoded, 6) as [string, string, string, string, string, string];
    return { algorithm, workFactor: toInt(n), salt, blockSize: toInt(r), parallelism: toInt(p), hash };
  }

  protected encodeLike(password: string, d: Record<string, string | number>): Promise<string> {
    return this.encode(password, d.salt as string, d.workFactor as number, d.blockSize as number, d.parallelism as number);
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return { algorithm: d.algorithm, 'work factor': d.workFactor, 'block size': d.blockSize, parallelism: d.parallelism, salt: maskHash(d.salt, 2), hash: maskHash(d.hash) };
  }

  override mustUpdate(encoded: string): boolean {
    const d = this.decode(encoded);
    return d.workFactor !== this.workFactor || d.blockSize !== this.blockSize || d.parallelism !== this.parallelism;
  }
}

/** Salted MD5: insecure, for fast test suites only (as Django's docs recommend). */
export class MD5PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'md5';

  async encode(password: string, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    return `${this.algorithm}$${salt}$${toHex(md5(toBytes(salt + password)))}`;
  }

  decode(encoded: string): { algorithm: string; hash: string; salt: string } {
    const [algorithm, salt, hash] = this.split(encoded, 3) as [string, string, string];
    return { algorithm, hash, salt };
  }

  protected encodeLike(password: string, d: Record<string, string | number>): Promise<string> {
    return this.encode(password, d.salt as string);
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return { algorithm: d.algorithm, salt: maskHash(d.salt, 2), hash: maskHash(d.hash) };
  }

  override mustUpdate(encoded: string): boolean {
    return mustUpdateSalt(this.decode(encoded).salt, this.saltEntropy);
  }
}

type HasherClass = new () => BasePasswordHasher;
/** A PASSWORD_HASHERS entry: a registered name (Django's dotted path), a class or an instance. */
export type HasherEntry = string | HasherClass | BasePasswordHasher;

const known = new Map<string, HasherClass>();

/** Makes a hasher class available by dotted name in PASSWORD_HASHERS. */
export function registerHasher(name: string, cls: HasherClass): void {
  known.set(name, cls);
}

for (const [name, cls] of Object.entries({ PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher, ScryptPasswordHasher, MD5PasswordHasher })) {
  registerHasher(`manouche.contrib.auth.hashers.${name}`, cls);
  registerHasher(`django.contrib.auth.hashers.${name}`, cls); // a Django settings file's names work as they are
}

let cache: { key: unknown; hashers: BasePasswordHasher[]; byAlgorithm: Map<string, BasePasswordHasher> } | null = null;

/** The hashers of PASSWORD_HASHERS, in order (cached while the setting is the same array). */
export function getHashers(): BasePasswordHasher[] {
  const entries = (settings.PASSWORD_HASHERS ?? []) as readonly HasherEntry[];
  if (cache && cache.key === entries && cache.hashers.length === entries.length) return cache.hashers;
  const hashers = entries.map((entry) => {
    let hasher: BasePasswordHasher;
    if (entry instanceof BasePasswordHasher) hasher = entry;
    else if (typeof entry === 'function') hasher = new entry();
    else {
      const cls = known.get(entry);
      if (!cls) throw new ImproperlyConfigured(`PASSWORD_HASHERS names '${entry}', which is not a known password hasher.`);
      hasher = new cls();
    }
    if (!hasher.algorithm) throw new ImproperlyConfigured(`hasher doesn't specify an algorithm name: ${String(entry)}`);
    return hasher;
  });
  cache = { key: entries, hashers, byAlgorithm: new Map(hashers.map((h) => [h.algorithm, h])) };
  return hashers;
}

/** Forgets the hashers built from PASSWORD_HASHERS (after changing the setting in place). */
export function resetHashers(): void {
  cache = null;
}

/** Django's get_hasher: 'default' is the first of PASSWORD_HASHERS. */
export function getHasher(algorithm: string | BasePasswordHasher = 'default'): BasePasswordHasher {
  if (algorithm instanceof BasePasswordHasher) return algorithm;
  const hashers = getHashers();
  if (algorithm === 'default') {
    const first = hashers[0];
    if (!first) throw new ImproperlyConfigured('PASSWORD_HASHERS is empty.');
    return first;
  }
  const hasher = cache!.byAlgorithm.get(algorithm);
  if (!hasher) throw new ValueError(`Unknown password hashing algorithm '${algorithm}'. Did you specify it in the PASSWORD_HASHERS setting?`);
  return hasher;
}

/** Django's identify_hasher (the unsalted legacy formats are named too, so they fail clearly). */
export function identifyHasher(encoded: string): BasePasswordHasher {
  let algorithm: string;
  if ((encoded.length === 32 && !encoded.includes('$')) || (encoded.length === 37 && encoded.startsWith('md5$$'))) algorithm = 'unsalted_md5';
  else if (encoded.length === 40 && !encoded.includes('$')) algorithm = 'unsalted_sha1';
  else algorithm = encoded.split('$', 1)[0]!;
  return getHasher(algorithm);
}

/** False for Django's unusable passwords ('!' prefix); null counts as usable, as in Django. */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return encoded === null || encoded === undefined || !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * Django's make_password: hashes `password` with the preferred hasher (or
 * `hasher`); null makes an unusable password. The empty string is a
 * password like any other, as in Django.
 */
export async function makePassword(password: string | null | undefined, salt?: string | null, hasher: string | BasePasswordHasher = 'default'): Promise<string> {
  if (password === null || password === undefined) return UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
  if (typeof password !== 'string') throw new TypeError(`Password must be a string or bytes, got ${typeof password}.`);
  const h = getHasher(hasher);
  return h.encode(password, salt || h.salt());
}

/** Django's verify_password: [isCorrect, mustUpdate]. */
export async function verifyPassword(password: string | null | undefined, encoded: string | null | undefined, preferred: string | BasePasswordHasher = 'default'): Promise<[boolean, boolean]> {
  if (password === null || password === undefined || !isPasswordUsable(encoded) || encoded === null || encoded === undefined) return [false, false];
  const pref = getHasher(preferred);
  let hasher: BasePasswordHasher;
  try {
    hasher = identifyHasher(encoded);
  } catch (e) {
    if (e instanceof ValueError) return [false, false]; // gibberish, or a hasher no longer installed
    throw e;
  }
  let isCorrect: boolean;
  let mustUpdate: boolean;
  try {
    const hasherChanged = hasher.algorithm !== pref.algorithm;
    mustUpdate = hasherChanged || pref.mustUpdate(encoded);
    isCorrect = await hasher.verify(password, encoded);
    // Close the timing gap between an old work factor and the current one.
    if (!isCorrect && !hasherChanged && mustUpdate) await hasher.hardenRuntime(password, encoded);
  } catch (e) {
    if (e instanceof ValueError) return [false, false]; // a truncated or malformed hash of a known algorithm
    throw e;
  }
  return [isCorrect, mustUpdate];
}

/**
 * Django's check_password: true when `password` matches `encoded`. When it
 * does and the hash is outdated (another hasher, fewer iterations, a short
 * salt), `setter(password)` is awaited so the caller stores a fresh hash.
 */
export async function checkPassword(
  password: string | null | undefined,
  encoded: string | null | undefined,
  setter?: ((raw: string) => unknown) | null,
  preferred: string | BasePasswordHasher = 'default',
): Promise<boolean> {
  const [isCorrect, mustUpdate] = await verifyPassword(password, encoded, preferred);
  if (setter && isCorrect && mustUpdate) await setter(password!);
  return isCorrect;
}
