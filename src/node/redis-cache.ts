/**
 * Django's RedisCache (django.core.cache.backends.redis) over the `redis`
 * package: LOCATION 'redis://127.0.0.1:6379' (a list: the first is the
 * writer). Values are JSON, so integers stay integers in Redis and incr is
 * Redis's INCRBY; timeouts are PX expiries; clear() is FLUSHDB, as Django.
 * Node only: `import 'manouche/node'` registers it.
 */
// A type-only import: the `redis` package (some 600 modules, ~19 MiB resident)
// loads on the first command, so an app that never configures RedisCache never pays for it.
import type { createClient } from 'redis';
import { ValueError } from '../core/exceptions';
import { BaseCache, type CacheParams, type Timeout } from '../core/cache/backends/base';

type Client = ReturnType<typeof createClient>;

export class RedisCache extends BaseCache {
  readonly url: string;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;

  constructor(location: string, params: CacheParams = {}) {
    super(params);
    this.url = location.split(',')[0]?.trim() || 'redis://127.0.0.1:6379';
  }

  /** The connected client (one per cache, connected on first use). */
  async getClient(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const { createClient } = await import('redis');
      const client = createClient({ url: this.url });
      client.on('error', () => {}); // failures surface on the commands
      await client.connect();
      this.client = client;
      return client;
    })();
    try {
      return await this.connecting;
    } catch (e) {
      this.connecting = null;
      throw e;
    }
  }

  /** null: no expiry; otherwise milliseconds (0 or less: delete). */
  private px(timeout: Timeout): number | null {
    const s = this.timeoutSeconds(timeout);
    return s === null ? null : Math.round(s * 1000);
  }

  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    const c = await this.getClient();
    const px = this.px(timeout);
    if (px !== null && px <= 0) return !(await c.exists(k));
    const r = await c.set(k, JSON.stringify(value), px === null ? { NX: true } : { NX: true, PX: px });
    return r === 'OK';
  }

  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const raw = await (await this.getClient()).get(this.makeAndValidateKey(key, version));
    return raw === null ? defaultValue : (JSON.parse(String(raw)) as T);
  }

  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    const k = this.makeAndValidateKey(key, version);
    const c = await this.getClient();
    const px = this.px(timeout);
    if (px !== null && px <= 0) {
      await c.del(k);
      return;
    }
    await c.set(k, JSON.stringify(value), px === null ? undefined : { PX: px });
  }

  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    const k = this.makeAndValidateKey(key, version);
    const c = await this.getClient();
    const px = this.px(timeout);
    if (px === null) return (await c.persist(k)) === 1 || (await c.exists(k)) === 1;
    return Boolean(await c.pExpire(k, px));
  }

  async delete(key: string, version?: number): Promise<boolean> {
    return (await (await this.getClient()).del(this.makeAndValidateKey(key, version))) > 0;
  }

  async hasKey(key: string, version?: number): Promise<boolean> {
    return (await (await this.getClient()).exists(this.makeAndValidateKey(key, version))) > 0;
  }

  async incr(key: string, delta = 1, version?: number): Promise<number> {
    const k = this.makeAndValidateKey(key, version);
    const c = await this.getClient();
    if (!(await c.exists(k))) throw new ValueError(`Key '${k}' not found.`);
    return Number(await c.incrBy(k, delta));
  }

  override async getMany<T = unknown>(keys: Iterable<string>, version?: number): Promise<Map<string, T>> {
    const list = [...keys];
    const out = new Map<string, T>();
    if (!list.length) return out;
    const values = await (await this.getClient()).mGet(list.map((k) => this.makeAndValidateKey(k, version)));
    list.forEach((k, i) => {
      if (values[i] !== null && values[i] !== undefined) out.set(k, JSON.parse(String(values[i])) as T);
    });
    return out;
  }

  override async setMany(data: Record<string, unknown> | Map<string, unknown>, timeout?: Timeout, version?: number): Promise<string[]> {
    const entries = [...(data instanceof Map ? data : Object.entries(data))];
    if (!entries.length) return [];
    const px = this.px(timeout);
    const multi = (await this.getClient()).multi();
    for (const [k, v] of entries) {
      const key = this.makeAndValidateKey(k, version);
      if (px !== null && px <= 0) multi.del(key);
      else multi.set(key, JSON.stringify(v), px === null ? undefined : { PX: px });
    }
    await multi.exec();
    return [];
  }

  override async deleteMany(keys: Iterable<string>, version?: number): Promise<void> {
    const list = [...keys].map((k) => this.makeAndValidateKey(k, version));
    if (list.length) await (await this.getClient()).del(list);
  }

  /** FLUSHDB: every key of the database, as Django's RedisCache.clear(). */
  async clear(): Promise<void> {
    await (await this.getClient()).flushDb();
  }

  override async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.connecting = null;
    if (c) await c.quit().catch(() => c.destroy?.());
  }
}
