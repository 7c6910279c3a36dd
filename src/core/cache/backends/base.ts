/**
 * Django's BaseCache (django.core.cache.backends.base): keys made from
 * KEY_PREFIX, VERSION and the key (`prefix:version:key`, KEY_FUNCTION to
 * change it), timeouts in seconds (undefined: TIMEOUT, 300 by default;
 * null: never expires; 0 or less: expires at once), and the API every
 * backend shares. All of it is async, since a backend may be a network away.
 */
import { ValueError } from '../../exceptions';

export type Timeout = number | null | undefined;
export const DEFAULT_TIMEOUT = undefined;

export interface CacheParams {
  TIMEOUT?: number | null;
  KEY_PREFIX?: string;
  VERSION?: number;
  KEY_FUNCTION?: (key: string, keyPrefix: string, version: number) => string;
  LOCATION?: string | string[];
  OPTIONS?: Record<string, unknown>;
  [k: string]: unknown;
}

/** Django's default_key_func. */
export function defaultKeyFunc(key: string, keyPrefix: string, version: number): string {
  return `${keyPrefix}:${version}:${key}`;
}

export abstract class BaseCache {
  readonly defaultTimeout: number | null;
  readonly keyPrefix: string;
  readonly version: number;
  readonly keyFunc: (key: string, keyPrefix: string, version: number) => string;

  constructor(params: CacheParams = {}) {
    const t = params.TIMEOUT === undefined ? 300 : params.TIMEOUT;
    this.defaultTimeout = t === null ? null : Number(t);
    this.keyPrefix = params.KEY_PREFIX ?? '';
    this.version = params.VERSION ?? 1;
    this.keyFunc = params.KEY_FUNCTION ?? defaultKeyFunc;
  }

  /** Seconds from now, or null for "never" (Django's get_backend_timeout gives the absolute time). */
  protected timeoutSeconds(timeout: Timeout): number | null {
    if (timeout === undefined) timeout = this.defaultTimeout;
    if (timeout === null) return null;
    return timeout;
  }

  makeKey(key: string, version?: number): string {
    return this.keyFunc(key, this.keyPrefix, version ?? this.version);
  }

  /** Django's validate_key: memcached-unsafe keys only warn there; here a key must be a non-empty string. */
  validateKey(key: string): void {
    if (typeof key !== 'string' || key === '') throw new ValueError(`Cache key must be a non-empty string (got ${JSON.stringify(key)}).`);
  }

  protected makeAndValidateKey(key: string, version?: number): string {
    this.validateKey(key);
    return this.makeKey(key, version);
  }

  /** Sets the value unless the key exists; true when it was stored. */
  abstract add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean>;
  /** The value, or `defaultValue` (undefined) when missing or expired. */
  abstract get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined>;
  abstract set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void>;
  /** A new timeout for an existing key; false when it does not exist. */
  abstract touch(key: string, timeout?: Timeout, version?: number): Promise<boolean>;
  /** True when a key was deleted. */
  abstract delete(key: string, version?: number): Promise<boolean>;
  abstract clear(): Promise<void>;
  abstract hasKey(key: string, version?: number): Promise<boolean>;
  /** Adds delta; ValueError when the key does not exist. */
  abstract incr(key: string, delta?: number, version?: number): Promise<number>;

  decr(key: string, delta = 1, version?: number): Promise<number> {
    return this.incr(key, -delta, version);
  }

  /** The found keys' values (missing keys are left out). */
  async getMany<T = unknown>(keys: Iterable<string>, version?: number): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (const k of keys) {
      const v = await this.get<T>(k, undefined, version);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  /** Sets every pair; the keys that failed (none for these backends). */
  async setMany(data: Record<string, unknown> | Map<string, unknown>, timeout?: Timeout, version?: number): Promise<string[]> {
    for (const [k, v] of data instanceof Map ? data : Object.entries(data)) await this.set(k, v, timeout, version);
    return [];
  }

  async deleteMany(keys: Iterable<string>, version?: number): Promise<void> {
    for (const k of keys) await this.delete(k, version);
  }

  /** The value, or the default (a function is called) stored and returned (Django's get_or_set). */
  async getOrSet<T>(key: string, defaultValue: T | (() => T | Promise<T>), timeout?: Timeout, version?: number): Promise<T | undefined> {
    const v = await this.get<T>(key, undefined, version);
    if (v !== undefined) return v;
    const value = typeof defaultValue === 'function' ? await (defaultValue as () => T | Promise<T>)() : defaultValue;
    if (value === undefined) return undefined;
    await this.add(key, value, timeout, version);
    // Another writer may have won the race: return what is stored.
    return this.get<T>(key, value, version);
  }

  /** Moves a key to version+delta (Django's incr_version). */
  async incrVersion(key: string, delta = 1, version?: number): Promise<number> {
    version ??= this.version;
    const v = await this.get(key, undefined, version);
    if (v === undefined) throw new ValueError(`Key '${key}' not found`);
    await this.set(key, v, undefined, version + delta);
    await this.delete(key, version);
    return version + delta;
  }

  decrVersion(key: string, delta = 1, version?: number): Promise<number> {
    return this.incrVersion(key, -delta, version);
  }

  /** Releases connections (Django's close()). */
  async close(): Promise<void> {}
}
