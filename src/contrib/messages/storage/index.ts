/** MESSAGE_STORAGE: names (Django's work too) → storage classes; defaultStorage(request). */
import { ImproperlyConfigured } from '../../../core/exceptions';
import { settings } from '../../../conf/settings';
import type { BaseStorage, MessageRequest } from './base';
import { CookieStorage } from './cookie';
import { FallbackStorage } from './fallback';
import { SessionStorage } from './session';

type StorageClass = new (request: MessageRequest) => BaseStorage;
const storages = new Map<string, StorageClass>();

export function registerMessageStorage(name: string, cls: StorageClass): void {
  storages.set(name, cls);
}

for (const prefix of ['manouche', 'django']) {
  registerMessageStorage(`${prefix}.contrib.messages.storage.cookie.CookieStorage`, CookieStorage);
  registerMessageStorage(`${prefix}.contrib.messages.storage.session.SessionStorage`, SessionStorage);
  registerMessageStorage(`${prefix}.contrib.messages.storage.fallback.FallbackStorage`, FallbackStorage);
}

/** A new storage of MESSAGE_STORAGE for `request` (Django's default_storage). */
export function defaultStorage(request: MessageRequest): BaseStorage {
  const entry = settings.MESSAGE_STORAGE as string | StorageClass;
  const cls = typeof entry === 'function' ? entry : storages.get(entry);
  if (!cls) throw new ImproperlyConfigured(`MESSAGE_STORAGE names '${String(entry)}', which is not a registered message storage.`);
  return new cls(request);
}
