/** The project's settings (Django's mysite/settings.py). */
import type { Settings } from 'manouche';
import { PollsConfig } from './apps';
import { urlpatterns } from './urls';

export const settings: Partial<Settings> = {
  DEBUG: process.env.DEBUG === '1',
  SECRET_KEY: 'django-insecure-polls-example-key-not-for-production',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  INSTALLED_APPS: [PollsConfig],
  MIDDLEWARE: ['manouche.middleware.common.CommonMiddleware'],
  ROOT_URLCONF: urlpatterns,
  TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', DIRS: [], APP_DIRS: true, OPTIONS: {} }],
  TIME_ZONE: 'UTC',
};
