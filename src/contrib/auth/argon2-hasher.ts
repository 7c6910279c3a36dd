/**
 * Django's Argon2PasswordHasher in its storage format, on @noble/hashes'
 * argon2 (pure JavaScript, so it runs in a browser too):
 *
 *   argon2$argon2id$v=19$m=102400,t=2,p=8$<base64 salt>$<base64 hash>
 *
 * base64 without padding, a 32-byte hash, Django's costs (time 2, memory
 * 102400 KiB, parallelism 8). Older hashes Django still accepts verify too:
 * argon2i / argon2d, and the version-less form of argon2-cffi < 16 (v=16).
 * Registered as 'django.contrib.auth.hashers.Argon2PasswordHasher'.
 */
import { ValueError } from '../../core/exceptions';
import { b64decode, b64encode } from '../../utils/base64';
import { constantTimeCompare, toBytes } from '../../utils/crypto';
import { BasePasswordHasher, maskHash, mustUpdateSalt, registerHasher } from './hashers';

const VARIETIES = ['argon2id', 'argon2i', 'argon2d'] as const;
type Variety = (typeof VARIETIES)[number];
const HASH_LENGTH = 32;
const VERSION = 19;

const b64 = (bytes: Uint8Array) => b64encode(bytes).replace(/=+$/, '');
function unb64(text: string): Uint8Array {
  try {
    return b64decode(text + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    throw new ValueError('Invalid argon2 password hash.');
  }
}

export type Argon2Decoded = {
  algorithm: string;
  variety: Variety;
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  /** The salt as Django shows it (the bytes read as latin-1). */
  salt: string;
  hash: string;
};

/** The decoded fields plus the raw salt and hash bytes. */
type Parsed = Argon2Decoded & { saltBytes: Uint8Array; hashBytes: Uint8Array };

export class Argon2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'argon2';
  readonly timeCost: number = 2;
  readonly memoryCost: number = 102400;
  readonly parallelism: number = 8;

  async encode(password: string, salt: string): Promise<string> {
    this.checkEncodeArgs(password, salt);
    const saltBytes = toBytes(salt);
    const hash = await argon2('argon2id', VERSION, password, saltBytes, this.timeCost, this.memoryCost, this.parallelism, HASH_LENGTH);
    return `${this.algorithm}$argon2id$v=${VERSION}$m=${this.memoryCost},t=${this.timeCost},p=${this.parallelism}$${b64(saltBytes)}$${b64(hash)}`;
  }

  decode(encoded: string): Argon2Decoded {
    const { saltBytes: _s, hashBytes: _h, ...decoded } = this.parse(encoded);
    return decoded;
  }

  private parse(encoded: string): Parsed {
    const parts = encoded.split('$');
    const [algorithm, variety] = parts;
    if (algorithm !== this.algorithm || !VARIETIES.includes(variety as Variety) || (parts.length !== 5 && parts.length !== 6)) throw new ValueError('Invalid argon2 password hash.');
    let version = 16; // argon2-cffi wrote no version before 16.0 (Argon2 v1.0)
    if (parts.length === 6) {
      const v = /^v=(\d{1,3})$/.exec(parts[2]!);
      if (!v) throw new ValueError('Invalid argon2 password hash.');
      version = Number(v[1]);
    }
    const [params, saltText, hashText] = parts.slice(-3) as [string, string, string];
    const p = /^m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})$/.exec(params);
    if (!p) throw new ValueError('Invalid argon2 password hash.');
    const saltBytes = unb64(saltText);
    const hashBytes = unb64(hashText);
    return {
      algorithm,
      variety: variety as Variety,
      version,
      memoryCost: Number(p[1]),
      timeCost: Number(p[2]),
      parallelism: Number(p[3]),
      salt: String.fromCharCode(...saltBytes),
      saltBytes,
      hash: hashText,
      hashBytes,
    };
  }

  override async verify(password: string, encoded: string): Promise<boolean> {
    const d = this.parse(encoded);
    if (d.version !== 16 && d.version !== VERSION) return false;
    const hash = await argon2(d.variety, d.version, password, d.saltBytes, d.timeCost, d.memoryCost, d.parallelism, d.hashBytes.length);
    return constantTimeCompare(b64(hash), b64(d.hashBytes));
  }

  protected encodeLike(): Promise<string> {
    throw new Error('unreachable: Argon2PasswordHasher verifies with the parameters of the stored hash');
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return {
      algorithm: d.algorithm,
      variety: d.variety,
      version: d.version,
      'memory cost': d.memoryCost,
      'time cost': d.timeCost,
      parallelism: d.parallelism,
      salt: maskHash(d.salt),
      hash: maskHash(d.hash),
    };
  }

  /** Other parameters than this hasher's (type, version, hash length, costs), or a weak salt. */
  override mustUpdate(encoded: string): boolean {
    const d = this.parse(encoded);
    const current =
      d.variety === 'argon2id' && d.version === VERSION && d.hashBytes.length === HASH_LENGTH && d.timeCost === this.timeCost && d.memoryCost === this.memoryCost && d.parallelism === this.parallelism;
    return !current || mustUpdateSalt(d.salt, this.saltEntropy);
  }

  // harden_runtime: as Django, none (Argon2's runtime is too complicated to pad sensibly).
}

async function argon2(variety: Variety, version: number, password: string, salt: Uint8Array, t: number, m: number, p: number, dkLen: number): Promise<Uint8Array> {
  const lib = await import('@noble/hashes/argon2.js');
  const fn = { argon2id: lib.argon2idAsync, argon2i: lib.argon2iAsync, argon2d: lib.argon2dAsync }[variety];
  try {
    return await fn(toBytes(password), salt, { t, m, p, dkLen, version: version === 16 ? 0x10 : 0x13 });
  } catch (e) {
    throw new ValueError(`Invalid argon2 parameters: ${(e as Error).message}`);
  }
}

registerHasher('manouche.contrib.auth.hashers.Argon2PasswordHasher', Argon2PasswordHasher);
registerHasher('django.contrib.auth.hashers.Argon2PasswordHasher', Argon2PasswordHasher);
