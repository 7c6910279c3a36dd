/**
 * manouche/contrib/contenttypes (django.contrib.contenttypes): the
 * ContentType model and its cached lookups. Importing it registers the app
 * as 'manouche.contrib.contenttypes' for INSTALLED_APPS.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';

export * from './models';

export const contenttypesApp = registerApp(
  defineApp({ name: 'manouche.contrib.contenttypes', label: 'contenttypes', verboseName: 'Content Types' }),
);
