/**
 * Django's cached_db session backend: written through to the database and
 * the cache, read from the cache first (the database when it is missing).
 */
import { settings } from '../../../conf/settings';
import { caches } from '../../../core/cache/index';
import { Session } from '../models';
import { SessionStore as DbStore } from './db';

export const KEY_PREFIX = 'django.contrib.sessions.cached_db';

export class SessionStore extends DbStore {
  cacheKeyPrefix = KEY_PREFIX;

  private get store() {
    return caches.get(settings.SESSION_CACHE_ALIAS);
  }

  protected override async loadData(): Promise<Record<string, unknown>> {
    const key = this.cacheKeyPrefix + this.sessionKey!;
    let data: Record<string, unknown> | undefined;
    try {
      data = await this.store.get<Record<string, unknown>>(key);
    } catch {
      data = undefined;
    }
    if (data !== undefined && data !== null) return data;
    const row = await Session.objects.using(this.using).filter({ session_key: this.sessionKey!, expire_date__gt: new Date() }).first();
    if (!row) {
      this.sessionKey = null;
      return {};
    }
    data = await this.decode(row.session_data);
    await this.store.set(key, data, this.getExpiryAge({ expiry: row.expire_date }));
    return data;
  }

  override async exists(sessionKey: string): Promise<boolean> {
    return (Boolean(sessionKey) && (await this.store.hasKey(this.cacheKeyPrefix + sessionKey))) || super.exists(sessionKey);
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate);
    await this.store.set(this.cacheKeyPrefix + this.sessionKey!, this.cache ?? {}, this.getExpiryAge());
  }

  override async deleteSession(sessionKey: string | null = null): Promise<void> {
    await super.deleteSession(sessionKey);
    const key = sessionKey ?? this.sessionKey;
    if (key === null) return;
    await this.store.delete(this.cacheKeyPrefix + key);
  }
}
