/**
 * The demo's settings: examples/polls plus Django's admin and what it needs
 * (auth, contenttypes, sessions, messages, CSRF), with the database in this
 * browser (a sql.js database named 'polls', kept in IndexedDB).
 */
import { staticLibrary, staticfilesApp, type Settings } from 'manouche';
import { adminApp } from 'manouche/contrib/admin';
import { authApp } from 'manouche/contrib/auth';
import { contenttypesApp } from 'manouche/contrib/contenttypes';
import { messagesApp } from 'manouche/contrib/messages';
import { sessionsApp } from 'manouche/contrib/sessions';
import { PollsConfig } from './apps';
import { templates } from './home';
import { urlpatterns } from './urls';

export const settings: Partial<Settings> = {
  DEBUG: false,
  // Each browser has its own database; the key signs its sessions and CSRF tokens.
  SECRET_KEY: 'manouche-offline-demo-key-the-data-never-leaves-the-browser',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  INSTALLED_APPS: [contenttypesApp, authApp, sessionsApp, messagesApp, adminApp, staticfilesApp, PollsConfig],
  MIDDLEWARE: [
    'manouche.contrib.sessions.middleware.SessionMiddleware',
    'manouche.middleware.common.CommonMiddleware',
    'manouche.middleware.csrf.CsrfViewMiddleware',
    'manouche.contrib.auth.middleware.AuthenticationMiddleware',
    'manouche.contrib.messages.middleware.MessageMiddleware',
  ],
  ROOT_URLCONF: urlpatterns,
  DATABASES: { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: 'polls' } },
  TEMPLATES: [
    {
      BACKEND: 'manouche.template.backends.django',
      DIRS: [],
      APP_DIRS: true,
      OPTIONS: {
        templates,
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
} as Partial<Settings>;
