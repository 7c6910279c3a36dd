/**
 * django.setup(): applies settings, loads the installed apps (running their
 * ready() hooks) and opens the configured databases. Node entry points and
 * the browser runtime call it once before serving.
 */
import { apps } from './apps/registry';
import { configure, settings, type Settings } from './conf/settings';
import { openDatabases } from './db/connection';

export async function setup(values: Partial<Settings> = {}): Promise<Settings> {
  configure(values);
  await apps.populate(settings.INSTALLED_APPS);
  await openDatabases(settings.DATABASES);
  return settings;
}
