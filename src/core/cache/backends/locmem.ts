/**
 * Django's LocMemCache: a per-process LRU (MAX_ENTRIES, 300 by default;
 * CULL_FREQUENCY 3 drops a third when full), values stored as JSON text so
 * a cached object is a copy, as Django's pickling makes it. Isomorphic.
 */
import { ValueError } from '../../exceptions';
import { BaseCache, type CacheParams, type Timeout } from './base';

const stores = new Map<string, Map<string, { value: string; expires: number | null }>>();

export class LocMemCache extends BaseCache {
  private readonly store: Map<string, { value: string; expires: number | null }>;
  readonly maxEntries: number;
  readonly cullFrequency: number;

  constructor(name = '', params: CacheParams = {}) {
    super(params);
    // Caches with the same LOCATION share their store, as in Django.
    let s = stores.get(name);
    if (!s) stores.set(name, (s = new Map()));
    this.store = s;
    this.maxEntries = Number(params.OPTIONS?.MAX_ENTRIES ?? 300);
    this.cullFrequency = Number(params.OPTIONS?.CULL_FREQUENCY ?? 3);
  }

  private expiry(timeout: Timeout): number | null {
    const s = this.timeoutSeconds(timeout);
    return s === null ? null : Date.now() + s * 1000;
  }

  private live(key: string): { value: string; expires: number | null } | undefined {
    const e = this.store.get(key);
    if (!e) return undefined;
    if (e.expires !== null && e.expires <= Date.now()) {
      this.store.delete(key);
      return undefined;
    }
    // LRU: a read moves the key to the end.
    this.store.delete(key);
    this.store.set(key, e);
    return e;
  }

  private put(key: string, value: unknown, timeout: Timeout): void {
    if (this.store.size >= this.maxEntries && !this.store.has(key)) this.cull();
    this.store.delete(key);
    this.store.set(key, { value: JSON.stringify(value), expires: this.expiry(timeout) });
  }

  private cull(): void {
    if (this.cullFrequency === 0) return this.store.clear();
    const n = Math.floor(this.store.size / this.cullFrequency) || 1;
    let i = 0;
    for (const k of this.store.keys()) {
      if (i++ >= n) break;
      this.store.delete(k);
    }
  }

  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    if (this.live(k)) return false;
    this.put(k, value, timeout);
    return true;
  }

  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const e = this.live(this.makeAndValidateKey(key, version));
    return e ? (JSON.parse(e.value) as T) : defaultValue;
  }

  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    this.put(this.makeAndValidateKey(key, version), value, timeout);
  }

  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    const e = this.live(this.makeAndValidateKey(key, version));
    if (!e) return false;
    e.expires = this.expiry(timeout);
    return true;
  }

  async delete(key: string, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    const present = this.live(k) !== undefined;
    this.store.delete(k);
    return present;
  }

  async hasKey(key: string, version?: number): Promise<boolean> {
    return this.live(this.makeAndValidateKey(key, version)) !== undefined;
  }

  async incr(key: string, delta = 1, version?: number): Promise<number> {
    const k = this.makeAndValidateKey(key, version);
    const e = this.live(k);
    if (!e) throw new ValueError(`Key '${k}' not found`);
    const n = (JSON.parse(e.value) as number) + delta;
    e.value = JSON.stringify(n);
    return n;
  }

  async clear(): Promise<void> {
    this.store.clear();
  }
}
