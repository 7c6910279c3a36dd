/**
 * The project's settings (Django's mysite/settings.py).
 *
 * The database is a sql.js file, `examples/polls/db.sqlite3` (git-ignored),
 * as `startproject` makes it: votes survive a restart, and deleting the file
 * starts over (migrate + the fixture run again on the next start).
 * POLLS_DATABASE=':memory:' keeps it in memory (the tests start that way).
 */
import { staticLibrary, staticfilesApp, type Settings } from 'manouche';
import { PollsConfig } from './apps';
import { urlpatterns } from './urls';

const databaseName = process.env.POLLS_DATABASE ?? new URL('./db.sqlite3', import.meta.url).pathname;

export const settings: Partial<Settings> = {
  // As startproject writes it; DEBUG=0 turns the debug pages and static serving off.
  DEBUG: process.env.DEBUG !== '0',
  SECRET_KEY: 'django-insecure-polls-example-key-not-for-production',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  INSTALLED_APPS: [PollsConfig, staticfilesApp],
  // The session, auth and CSRF middleware join this list when they are registered names.
  // Django's default list, less sessions/auth/messages (the public polls pages use none of them).
  MIDDLEWARE: [
    'manouche.middleware.security.SecurityMiddleware',
    'manouche.middleware.common.CommonMiddleware',
    'manouche.middleware.csrf.CsrfViewMiddleware',
    'manouche.middleware.clickjacking.XFrameOptionsMiddleware',
  ],
  ROOT_URLCONF: urlpatterns,
  DATABASES: databaseName === ':memory:' ? { default: { ENGINE: 'manouche.db.backends.sqljs' } } : { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: databaseName } },
  TEMPLATES: [
    {
      BACKEND: 'manouche.template.backends.django',
      DIRS: [],
      APP_DIRS: true,
      // `static` is not a built-in library (in Django it comes with django.contrib.staticfiles' templatetags).
      OPTIONS: { libraries: { static: staticLibrary } },
    },
  ],
  STATIC_URL: '/static/',
  TIME_ZONE: 'UTC',
};
