/**
 * Django's bcrypt hashers in their storage format, on bcryptjs (pure
 * JavaScript, so they run in a browser too):
 *
 *   bcrypt_sha256$$2b$12$<22-character salt><31-character checksum>
 *   bcrypt$$2b$12$...
 *
 * BCryptSHA256PasswordHasher first hashes the password with SHA-256 (hex),
 * so passwords longer than bcrypt's 72 bytes are not truncated; plain
 * BCryptPasswordHasher does not. `rounds` is the log2 work factor (12).
 */
import { ValueError } from '../../core/exceptions';
import { b64encode } from '../../utils/base64';
import { constantTimeCompare, digest, toHex } from '../../utils/crypto';
import { BasePasswordHasher, maskHash, registerHasher } from './hashers';

// bcryptjs is imported when a bcrypt hash is first made or checked, as
// Django's hasher loads its library: a process whose users have PBKDF2
// hashes (the default) never loads it.
let bcrypt: Promise<typeof import('bcryptjs')> | undefined;

// bcrypt's base64: standard base64's bit packing with its own alphabet, no padding.
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BCRYPT = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function bcryptBase64(bytes: Uint8Array): string {
  let out = '';
  for (const c of b64encode(bytes)) if (c !== '=') out += BCRYPT[STANDARD.indexOf(c)];
  return out;
}

export class BCryptSHA256PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'bcrypt_sha256';
  readonly rounds: number = 12;
  /** SHA-256 before bcrypt; null for plain bcrypt. */
  readonly digest: 'sha256' | null = 'sha256';

  /** A bcrypt salt string ('$2b$12$' and 22 characters: 16 random bytes), as Python's bcrypt.gensalt(). */
  override salt(): string {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
    return `$2b$${String(this.rounds).padStart(2, '0')}$${bcryptBase64(bytes)}`;
  }

  async encode(password: string, salt: string): Promise<string> {
    if (password === null || password === undefined) throw new TypeError('password must be provided.');
    if (!/^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{22}/.test(salt)) throw new ValueError('Invalid salt');
    const secret = this.digest ? toHex(await digest(this.digest, password)) : password;
    const { hash } = await (bcrypt ??= import('bcryptjs'));
    let data: string;
    try {
      data = await hash(secret, salt.slice(0, 29));
    } catch (e) {
      throw new ValueError(`Invalid salt: ${(e as Error).message}`);
    }
    return `${this.algorithm}$${data}`;
  }

  decode(encoded: string): { algorithm: string; algostr: string; workFactor: number; salt: string; checksum: string } {
    const parts = encoded.split('$');
    const [algorithm, empty, algostr, workFactor, data] = parts;
    if (parts.length !== 5 || algorithm !== this.algorithm || empty !== '' || !/^2[abxy]$/.test(algostr!) || !/^\d\d$/.test(workFactor!) || data!.length !== 53) {
      throw new ValueError(`Invalid ${this.algorithm} password hash.`);
    }
    return { algorithm: algorithm!, algostr: algostr!, workFactor: Number(workFactor), salt: data!.slice(0, 22), checksum: data!.slice(22) };
  }

  override async verify(password: string, encoded: string): Promise<boolean> {
    this.decode(encoded);
    const data = encoded.slice(this.algorithm.length + 1);
    return constantTimeCompare(encoded, await this.encode(password, data));
  }

  protected encodeLike(): Promise<string> {
    throw new Error('unreachable: verify() re-hashes with the stored salt');
  }

  override safeSummary(encoded: string): Record<string, string | number> {
    const d = this.decode(encoded);
    return { algorithm: d.algorithm, 'work factor': d.workFactor, salt: maskHash(d.salt), checksum: maskHash(d.checksum) };
  }

  override mustUpdate(encoded: string): boolean {
    return this.decode(encoded).workFactor !== this.rounds;
  }

  /** Hashes 2**(rounds - stored rounds) - 1 more times, so a failed check of an old hash costs what a current one does. */
  override async hardenRuntime(password: string, encoded: string): Promise<void> {
    const d = this.decode(encoded);
    const salt = encoded.slice(this.algorithm.length + 1, this.algorithm.length + 1 + 29);
    for (let diff = 2 ** (this.rounds - d.workFactor) - 1; diff > 0; diff--) await this.encode(password, salt);
  }
}

/** Plain bcrypt: passwords beyond 72 bytes are truncated (Django keeps it for old hashes). */
export class BCryptPasswordHasher extends BCryptSHA256PasswordHasher {
  override readonly algorithm: string = 'bcrypt';
  override readonly digest = null;
}

for (const [name, cls] of Object.entries({ BCryptSHA256PasswordHasher, BCryptPasswordHasher })) {
  registerHasher(`manouche.contrib.auth.hashers.${name}`, cls);
  registerHasher(`django.contrib.auth.hashers.${name}`, cls);
}
