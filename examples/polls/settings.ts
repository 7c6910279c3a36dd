/**
 * The project's settings (Django's mysite/settings.py).
 *
 * The database is a sql.js file, `examples/polls/db.sqlite3` (git-ignored),
 * as `startproject` makes it: votes survive a restart, and deleting the file
 * starts over (migrate + the fixture run again on the next start).
 * POLLS_DATABASE=':memory:' keeps it in memory (the tests start that way).
 */
import { staticLibrary, staticfilesApp, type Settings } from 'manouche';
import { adminApp } from 'manouche/contrib/admin';
import { authApp } from 'manouche/contrib/auth';
import { contenttypesApp } from 'manouche/contrib/contenttypes';
import { messagesApp } from 'manouche/contrib/messages';
import { sessionsApp } from 'manouche/contrib/sessions';
import { PollsConfig } from './apps';
import { urlpatterns } from './root-urls';

const databaseName = process.env.POLLS_DATABASE ?? new URL('./db.sqlite3', import.meta.url).pathname;

export const settings: Partial<Settings> = {
  // As startproject writes it; DEBUG=0 turns the debug pages and static serving off.
  DEBUG: process.env.DEBUG !== '0',
  SECRET_KEY: 'django-insecure-polls-example-key-not-for-production',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  // startproject's list (the admin, auth, contenttypes, sessions, messages, staticfiles) and the tutorial's polls.
  INSTALLED_APPS: [PollsConfig, adminApp, authApp, contenttypesApp, sessionsApp, messagesApp, staticfilesApp],
  // startproject's MIDDLEWARE, in Django's order.
  MIDDLEWARE: [
    'manouche.middleware.security.SecurityMiddleware',
    'manouche.contrib.sessions.middleware.SessionMiddleware',
    'manouche.middleware.common.CommonMiddleware',
    'manouche.middleware.csrf.CsrfViewMiddleware',
    'manouche.contrib.auth.middleware.AuthenticationMiddleware',
    'manouche.contrib.messages.middleware.MessageMiddleware',
    'manouche.middleware.clickjacking.XFrameOptionsMiddleware',
  ],
  ROOT_URLCONF: urlpatterns,
  DATABASES: databaseName === ':memory:' ? { default: { ENGINE: 'manouche.db.backends.sqljs' } } : { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: databaseName } },
  TEMPLATES: [
    {
      BACKEND: 'manouche.template.backends.django',
      DIRS: [],
      APP_DIRS: true,
      OPTIONS: {
        // `static` is not a built-in library (in Django it comes with django.contrib.staticfiles' templatetags).
        libraries: { static: staticLibrary },
        context_processors: [
          'manouche.template.context_processors.request',
          'manouche.contrib.auth.context_processors.auth',
          'manouche.contrib.messages.context_processors.messages',
        ],
      },
    },
  ],
  STATIC_URL: '/static/',
  TIME_ZONE: 'UTC',
};

// What `npx manouche <command> --settings ./examples/polls/settings.ts` reads (a settings module's default export).
export default settings;
