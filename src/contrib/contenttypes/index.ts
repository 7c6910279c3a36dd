/**
 * manouche/contrib/contenttypes (django.contrib.contenttypes): the
 * ContentType model and its cached lookups. Importing it registers the app
 * as 'manouche.contrib.contenttypes' for INSTALLED_APPS.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { registerHistoryUpgrade } from '../../db/migrations/hooks';
import { recordFoldedHistory } from './migrations/folded';

export * from './models';

export const contenttypesApp = registerApp(
  defineApp({ name: 'manouche.contrib.contenttypes', label: 'contenttypes', verboseName: 'Content Types', migrations: () => import('./migrations/index').then((m) => m.contenttypesMigrations) }),
);

registerHistoryUpgrade(recordFoldedHistory);
