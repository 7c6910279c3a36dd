/**
 * The files of a new app (Django's conf/app_template), as `path -> text`,
 * for `startapp NAME`: models, views, urls, admin, apps (defineApp), tests,
 * migrations/ with an index, templates/<name>/.
 */

export function appFiles(name: string): Record<string, string> {
  const camel = name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return {
    'apps.ts': `/** The ${name} app's configuration (Django's apps.py). */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineApp } from 'manouche';

export const ${camel}Config = defineApp({
  name: '${name}',
  // templates/, static/, migrations/ and models.ts are found here
  path: dirname(fileURLToPath(import.meta.url)),
  // admin.ts's registrations, run by the admin's autodiscover()
  admin: () => import('./admin.js'),
});

export default ${camel}Config;
`,
    'models.ts': `/** The ${name} app's models (Django's models.py). */
import { CharField, defineModel } from 'manouche';

// Create your models here, e.g.
// export const Question = defineModel('${name}.Question', {
//   question_text: CharField({ maxLength: 200 }),
// });
`,
    'views.ts': `/** The ${name} app's views (Django's views.py). */

// Create your views here.
export {};
`,
    'urls.ts': `/** The ${name} app's URLconf: include it from the project's urls.ts with include(). */
import { type URLEntry } from 'manouche';

export const appName = '${name}';

export const urlpatterns: URLEntry[] = [];
`,
    'admin.ts': `/** The ${name} app's admin registrations (Django's admin.py), run by autodiscover(). */

// Register your models here, e.g.
// import { site } from 'manouche/contrib/admin';
// import { Question } from './models.js';
// site.register(Question);
export {};
`,
    'tests.ts': `/** The ${name} app's tests (Django's tests.py). */

// Create your tests here.
export {};
`,
    'migrations/index.ts': `/**
 * The ${name} app's migrations (Django's migrations/ package):
 * \`manouche makemigrations ${name}\` writes 0001_initial.ts, ... beside this
 * file and \`manouche migrate\` reads them from this directory. A browser
 * bundle, which has no directory to read, lists them here for migrate().
 */
export const migrations: Record<string, unknown> = {};
`,
    [`templates/${name}/.gitkeep`]: '',
  };
}
