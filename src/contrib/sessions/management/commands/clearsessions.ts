/**
 * `clearsessions` (django.contrib.sessions.management.commands.clearsessions):
 * deletes the expired sessions of SESSION_ENGINE's store, for a cron job.
 * Stores that expire sessions themselves (signed cookies, the cache) have
 * nothing to do; a store without clearExpired() is an error, as in Django.
 */
import { settings } from '../../../../conf/settings';
import { BaseCommand, CommandError } from '../../../../core/management/base';
import { getSessionStore } from '../../engines';

export class ClearsessionsCommand extends BaseCommand {
  override help = 'Can be run as a cronjob or directly to clean out expired sessions when the backend supports it.';

  override async handle(): Promise<void> {
    const Store = getSessionStore();
    if (typeof Store.clearExpired !== 'function') {
      const name = typeof settings.SESSION_ENGINE === 'string' ? settings.SESSION_ENGINE : (Store as { name?: string }).name;
      throw new CommandError(`Session engine '${name}' doesn't support clearing expired sessions.`);
    }
    await Store.clearExpired();
  }
}
