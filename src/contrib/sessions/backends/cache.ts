/**
 * Django's cache session backend (django.contrib.sessions.backends.cache):
 * the session dict under 'django.contrib.sessions.cache<key>' in the
 * SESSION_CACHE_ALIAS cache, expiring with the session. With RedisCache
 * (manouche/node) several processes share sessions.
 */
import { settings } from '../../../conf/settings';
import { caches } from '../../../core/cache/index';
import type { BaseCache } from '../../../core/cache/backends/base';
import { SessionBase } from '../base';
import { CreateError, UpdateError } from '../exceptions';

export const KEY_PREFIX = 'django.contrib.sessions.cache';

export class SessionStore extends SessionBase {
  cacheKeyPrefix = KEY_PREFIX;

  protected get store(): BaseCache {
    return caches.get(settings.SESSION_CACHE_ALIAS);
  }

  protected async cacheKey(): Promise<string> {
    return this.cacheKeyPrefix + (await this.getOrCreateSessionKey());
  }

  protected loadData(): Promise<Record<string, unknown>> {
    // One then() (an async frame here would be suspended on every request); an unreachable cache is an empty session, as Django.
    let reading: Promise<Record<string, unknown> | undefined>;
    try {
      reading = this.store.get<Record<string, unknown>>(this.cacheKeyPrefix + this.sessionKey!);
    } catch {
      return Promise.resolve(this.found(undefined));
    }
    return reading.then(
      (data) => this.found(data),
      () => this.found(undefined),
    );
  }

  private found(data: Record<string, unknown> | undefined | null): Record<string, unknown> {
    if (data !== undefined && data !== null) return data;
    this.sessionKey = null;
    return {};
  }

  async create(): Promise<void> {
    for (let i = 0; i < 10000; i++) {
      this.sessionKey = await this.newSessionKey();
      try {
        await this.save(true);
      } catch (e) {
        if (e instanceof CreateError) continue;
        throw e;
      }
      this.modified = true;
      return;
    }
    throw new Error('Unable to create a new session key. It is likely that the cache is unavailable.');
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create();
    const key = await this.cacheKey();
    if (this.cache === null) {
      if (mustCreate) this.cache = {};
      else await this.load();
    }
    const data = this.cache ?? {};
    if (mustCreate) {
      if (!(await this.store.add(key, data, this.getExpiryAge()))) throw new CreateError('Session key already exists.');
    } else if ((await this.store.get(key)) !== undefined) {
      await this.store.set(key, data, this.getExpiryAge());
    } else {
      throw new UpdateError('The session was deleted meanwhile.');
    }
  }

  async exists(sessionKey: string): Promise<boolean> {
    return Boolean(sessionKey) && (await this.store.hasKey(this.cacheKeyPrefix + sessionKey));
  }

  async deleteSession(sessionKey: string | null = null): Promise<void> {
    const key = sessionKey ?? this.sessionKey;
    if (key === null) return;
    await this.store.delete(this.cacheKeyPrefix + key);
  }

  /** The cache expires sessions itself. */
  static async clearExpired(): Promise<number> {
    return 0;
  }
}
