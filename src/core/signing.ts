/**
 * Django's django.core.signing: values signed with HMAC-SHA256 (WebCrypto),
 * in Django's exact format, so a value signed by Django verifies here and
 * the other way round.
 *
 *   sign:    value + ':' + b64(salted_hmac(salt + 'signer', value, key))
 *   Timestamp: value + ':' + base62(seconds) before signing
 *   dumps:   JSON (compact) → zlib when it is shorter ('.' prefix) → base64 → TimestampSigner
 *
 * Everything is async (WebCrypto and CompressionStream are).
 *
 * @example
 * const s = new Signer({ key: 'manouche-test-secret' });
 * await s.sign('hello');  // 'hello:igfPeuadBBcynRvbeQOD0eJI2yJpojlhYQxqLRkRyys'
 * const token = await dumps({ id: 1 }, { salt: 'reset' });
 * await loads(token, { salt: 'reset', maxAge: 3600 });
 */
import { ImproperlyConfigured, ValueError } from './exceptions';
import { settings } from '../conf/settings';
import { constantTimeCompare, saltedHmac, type DigestName } from '../utils/crypto';
import { urlsafeB64decode, urlsafeB64encode } from '../utils/base64';
import { concat } from '../utils/bytes';

/** Signature does not match. */
export class BadSignature extends Error {
  override name = 'BadSignature';
}

/** Signature timestamp is older than the required maxAge. */
export class SignatureExpired extends BadSignature {
  override name = 'SignatureExpired';
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function b62Encode(s: number): string {
  if (s === 0) return '0';
  const sign = s < 0 ? '-' : '';
  let n = Math.abs(Math.trunc(s));
  let out = '';
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return sign + out;
}

export function b62Decode(s: string): number {
  if (s === '0') return 0;
  let sign = 1;
  if (s.startsWith('-')) {
    s = s.slice(1);
    sign = -1;
  }
  let n = 0;
  for (const ch of s) {
    const d = BASE62.indexOf(ch);
    if (d < 0) throw new BadSignature(`Bad timestamp "${s}"`); // Python: ValueError inside unsign
    n = n * 62 + d;
  }
  return sign * n;
}

/** Django's base64_hmac: URL-safe base64 of salted_hmac(salt, value, key). */
export async function base64Hmac(salt: string, value: string, key: string | Uint8Array, algorithm: DigestName = 'sha1'): Promise<string> {
  return urlsafeB64encode(await saltedHmac(salt, value, key, algorithm));
}

/** A serializer for signObject/unsignObject (Django's JSONSerializer by default). */
export interface Serializer {
  dumps(obj: unknown): Uint8Array;
  loads(data: Uint8Array): unknown;
}

/** json.dumps(obj, separators=(',', ':')): compact; non-ASCII escaped as Python's default. */
export const JSONSerializer: Serializer = {
  dumps(obj) {
    const text = JSON.stringify(obj).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    return new TextEncoder().encode(text);
  },
  loads(data) {
    let text = ''; // bytes.decode('latin-1'): one character per byte
    for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return JSON.parse(text);
  },
};

/**
 * Runs bytes through a (de)compression stream. Read by hand, not through
 * `new Response(stream).arrayBuffer()`: naming the fetch Response makes Node
 * load undici (see http/headers.ts), and every session save compresses.
 */
async function pipe(data: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const writer = (stream.writable as WritableStream<Uint8Array>).getWriter();
  const written = writer.write(data as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => {}); // the reader sees the same error
  const reader = (stream.readable as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  await written;
  return concat(parts, size);
}

/** zlib.compress (RFC 1950) through CompressionStream. */
export function zlibCompress(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate'));
}

/** zlib.decompress through DecompressionStream. */
export function zlibDecompress(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new DecompressionStream('deflate'));
}

const SEP_UNSAFE = /^[A-z0-9\-_=]*$/;

export interface SignerOptions {
  /** Defaults to settings.SECRET_KEY. */
  key?: string | Uint8Array;
  sep?: string;
  /** Defaults to the class's Django path, e.g. 'django.core.signing.Signer'. */
  salt?: string;
  algorithm?: DigestName;
  /** Older keys still accepted (defaults to settings.SECRET_KEY_FALLBACKS). */
  fallbackKeys?: ReadonlyArray<string | Uint8Array>;
}

/** Django's Signer. */
export class Signer {
  /** The default salt: Django's module path and class name, so signatures interoperate. */
  static defaultSalt = 'django.core.signing.Signer';
  readonly key: string | Uint8Array;
  readonly fallbackKeys: ReadonlyArray<string | Uint8Array>;
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: DigestName;

  constructor(options: SignerOptions = {}) {
    const key = options.key || settings.SECRET_KEY;
    if (!key) {
      throw new ImproperlyConfigured('The SECRET_KEY setting must not be empty.');
    }
    this.key = key;
    this.fallbackKeys = options.fallbackKeys ?? settings.SECRET_KEY_FALLBACKS ?? [];
    this.sep = options.sep ?? ':';
    this.salt = options.salt ?? (this.constructor as typeof Signer).defaultSalt;
    this.algorithm = options.algorithm ?? 'sha256';
    if (SEP_UNSAFE.test(this.sep)) {
      throw new ValueError(`Unsafe Signer separator: '${this.sep}' (cannot be empty or consist of only A-z0-9-_=)`);
    }
  }

  signature(value: string, key: string | Uint8Array = this.key): Promise<string> {
    return base64Hmac(this.salt + 'signer', value, key, this.algorithm);
  }

  async sign(value: string): Promise<string> {
    return `${value}${this.sep}${await this.signature(value)}`;
  }

  async unsign(signedValue: string): Promise<string> {
    const at = signedValue.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No "${this.sep}" found in value`);
    const value = signedValue.slice(0, at);
    const sig = signedValue.slice(at + this.sep.length);
    for (const key of [this.key, ...this.fallbackKeys]) {
      if (constantTimeCompare(sig, await this.signature(value, key))) return value;
    }
    throw new BadSignature(`Signature "${sig}" does not match`);
  }

  /** Django's sign_object: serialize, maybe compress, base64, sign. */
  async signObject(obj: unknown, options: { serializer?: Serializer; compress?: boolean } = {}): Promise<string> {
    let data = (options.serializer ?? JSONSerializer).dumps(obj);
    let isCompressed = false;
    if (options.compress) {
      const compressed = await zlibCompress(data);
      if (compressed.length < data.length - 1) {
        data = compressed;
        isCompressed = true;
      }
    }
    let b64 = urlsafeB64encode(data);
    if (isCompressed) b64 = '.' + b64;
    return this.sign(b64);
  }

  /** Django's unsign_object; undecodable data after a valid signature is a BadSignature too. */
  async unsignObject(signedObj: string, options: { serializer?: Serializer; maxAge?: number } = {}): Promise<unknown> {
    let b64 = await this.unsignWith(signedObj, options.maxAge);
    const decompress = b64.startsWith('.');
    if (decompress) b64 = b64.slice(1);
    try {
      let data = urlsafeB64decode(b64);
      if (decompress) data = await zlibDecompress(data);
      return (options.serializer ?? JSONSerializer).loads(data);
    } catch (e) {
      throw new BadSignature(`Signed data could not be decoded: ${(e as Error).message}`);
    }
  }

  protected unsignWith(value: string, _maxAge: number | undefined): Promise<string> {
    return this.unsign(value);
  }
}

/** Django's TimestampSigner: appends base62(seconds since the epoch) before signing. */
export class TimestampSigner extends Signer {
  static override defaultSalt = 'django.core.signing.TimestampSigner';

  /** Seconds since the epoch, in base 62. Overridable in tests. */
  timestamp(): string {
    return b62Encode(Math.floor(Date.now() / 1000));
  }

  override sign(value: string): Promise<string> {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  /** maxAge in seconds; an older signature throws SignatureExpired. */
  override async unsign(value: string, maxAge?: number | null): Promise<string> {
    const result = await super.unsign(value);
    const at = result.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No "${this.sep}" found in value`);
    const ts = b62Decode(result.slice(at + this.sep.length));
    if (maxAge !== undefined && maxAge !== null) {
      const age = Date.now() / 1000 - ts;
      if (age > maxAge) throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`);
    }
    return result.slice(0, at);
  }

  protected override unsignWith(value: string, maxAge: number | undefined): Promise<string> {
    return this.unsign(value, maxAge);
  }
}

export interface DumpsOptions {
  key?: string | Uint8Array;
  salt?: string;
  serializer?: Serializer;
  compress?: boolean;
}

/** Django's signing.dumps: a URL-safe, signed, timestamped JSON string. */
export function dumps(obj: unknown, options: DumpsOptions = {}): Promise<string> {
  const signer = new TimestampSigner({ key: options.key, salt: options.salt ?? 'django.core.signing' });
  return signer.signObject(obj, { serializer: options.serializer, compress: options.compress });
}

export interface LoadsOptions {
  key?: string | Uint8Array;
  salt?: string;
  serializer?: Serializer;
  /** Seconds. */
  maxAge?: number;
  fallbackKeys?: ReadonlyArray<string | Uint8Array>;
}

/** Django's signing.loads: the reverse of dumps; throws BadSignature / SignatureExpired. */
export function loads(s: string, options: LoadsOptions = {}): Promise<unknown> {
  const signer = new TimestampSigner({ key: options.key, salt: options.salt ?? 'django.core.signing', fallbackKeys: options.fallbackKeys });
  return signer.unsignObject(s, { serializer: options.serializer, maxAge: options.maxAge });
}

/** Django's get_cookie_signer: a TimestampSigner keyed 'django.http.cookies' + SECRET_KEY. */
export function getCookieSigner(salt = 'django.core.signing.get_cookie_signer'): TimestampSigner {
  const cookieKey = (k: string | Uint8Array) => (typeof k === 'string' ? 'django.http.cookies' + k : concat([new TextEncoder().encode('django.http.cookies'), k]));
  if (!settings.SECRET_KEY) throw new ImproperlyConfigured('The SECRET_KEY setting must not be empty.');
  return new TimestampSigner({
    key: cookieKey(settings.SECRET_KEY),
    fallbackKeys: (settings.SECRET_KEY_FALLBACKS ?? []).map(cookieKey),
    salt,
  });
}

/** The module as one object, for `signing.dumps(...)` as in Django (`from django.core import signing`). */
export const signing = Object.freeze({
  Signer,
  TimestampSigner,
  BadSignature,
  SignatureExpired,
  JSONSerializer,
  dumps,
  loads,
  getCookieSigner,
  base64Hmac,
  b62Encode,
  b62Decode,
});
