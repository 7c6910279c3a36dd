/**
 * Django's LocMemCache: a per-process LRU (MAX_ENTRIES, 300 by default;
 * CULL_FREQUENCY 3 drops a third when full), values stored as JSON text so
 * a cached object is a copy, as Django's pickling makes it. Isomorphic.
 */
import { ValueError } from '../../exceptions';
import { BaseCache, type CacheParams, type Timeout } from './base';

interface Entry {
  value: string;
  expires: number | null;
  /** The store's clock at the entry's last use: culling drops the lowest. */
  used: number;
}

/**
 * Recency is a counter on each entry, not the Map's order: moving a key to
 * the end (delete + set) on every read leaves a hole in the Map's table, and
 * every few reads V8 rehashes it into a new table, allocated in old space
 * once the Map has lived long (one dead table per request for a session
 * cache). Culling, rare, sorts by the counter instead.
 */
interface Store {
  entries: Map<string, Entry>;
  clock: number;
}

const stores = new Map<string, Store>();

export class LocMemCache extends BaseCache {
  private readonly store: Store;
  readonly maxEntries: number;
  readonly cullFrequency: number;

  constructor(name = '', params: CacheParams = {}) {
    super(params);
    // Caches with the same LOCATION share their store, as in Django.
    let s = stores.get(name);
    if (!s) stores.set(name, (s = { entries: new Map(), clock: 0 }));
    this.store = s;
    this.maxEntries = Number(params.OPTIONS?.MAX_ENTRIES ?? 300);
    this.cullFrequency = Number(params.OPTIONS?.CULL_FREQUENCY ?? 3);
  }

  private expiry(timeout: Timeout): number | null {
    const s = this.timeoutSeconds(timeout);
    return s === null ? null : Date.now() + s * 1000;
  }

  /** The live entry of `key`, or undefined (an expired one is dropped); `use` marks it most recently used. */
  private live(key: string, use = true): Entry | undefined {
    const e = this.store.entries.get(key);
    if (!e) return undefined;
    if (e.expires !== null && e.expires <= Date.now()) {
      this.store.entries.delete(key);
      return undefined;
    }
    if (use) e.used = ++this.store.clock;
    return e;
  }

  private put(key: string, value: unknown, timeout: Timeout): void {
    const { entries } = this.store;
    const e = entries.get(key);
    if (e) {
      e.value = JSON.stringify(value);
      e.expires = this.expiry(timeout);
      e.used = ++this.store.clock;
      return;
    }
    if (entries.size >= this.maxEntries) this.cull();
    entries.set(key, { value: JSON.stringify(value), expires: this.expiry(timeout), used: ++this.store.clock });
  }

  /** Django's _cull: all entries with CULL_FREQUENCY 0, else the least recently used 1/CULL_FREQUENCY. */
  private cull(): void {
    const { entries } = this.store;
    if (this.cullFrequency === 0) return entries.clear();
    const n = Math.floor(entries.size / this.cullFrequency) || 1;
    const oldest = [...entries].sort((a, b) => a[1].used - b[1].used);
    for (let i = 0; i < n; i++) entries.delete(oldest[i][0]);
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
    const e = this.live(this.makeAndValidateKey(key, version), false);
    if (!e) return false;
    e.expires = this.expiry(timeout);
    return true;
  }

  async delete(key: string, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    const present = this.live(k, false) !== undefined;
    this.store.entries.delete(k);
    return present;
  }

  async hasKey(key: string, version?: number): Promise<boolean> {
    return this.live(this.makeAndValidateKey(key, version), false) !== undefined;
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
    this.store.entries.clear();
  }
}
