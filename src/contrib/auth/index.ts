/**
 * manouche/contrib/auth (django.contrib.auth): users, groups and
 * permissions, password hashing and validation, authentication backends.
 * Importing it registers 'manouche.contrib.auth' for INSTALLED_APPS.
 * login()/logout()/getUser() work on any object with a `session`; the
 * middleware, decorators and views arrive with the HTTP layer.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { postMigrate } from '../../db/migrations/hooks';
import { MigrationRecorder } from '../../db/migrations/recorder';
import { connections } from '../../db/connection';
import { createPermissions as createPermissionsFn } from './management';
import { registerMiddleware } from '../../core/handlers/middleware';
import { AuthenticationMiddleware } from './middleware';
import { auth as authContextProcessorFn } from './context-processors';
import { registerContextProcessor } from '../../http/context-processors';
import { authTemplates } from './templates';

export * from './hashers';
export { Argon2PasswordHasher, type Argon2Decoded } from './argon2-hasher';
export { BCryptSHA256PasswordHasher, BCryptPasswordHasher } from './bcrypt-hasher';
export * from './password-validation';
export * from './base-user';
export * from './models';
export * from './backends';
export * from './management';
export * from './login';
export * from './tokens';
export { UnicodeUsernameValidator, ASCIIUsernameValidator } from './validators';

export { AuthenticationMiddleware } from './middleware';
export { auth as authContextProcessor, PermWrapper, PermLookupDict, loadPerms } from './context-processors';
registerMiddleware('manouche.contrib.auth.middleware.AuthenticationMiddleware', AuthenticationMiddleware);
registerContextProcessor('manouche.contrib.auth.context_processors.auth', authContextProcessorFn);
registerMiddleware('django.contrib.auth.middleware.AuthenticationMiddleware', AuthenticationMiddleware);

export * from './forms';
export * from './views';
export { loginRequired, permissionRequired, userPassesTest, redirectToLogin, REDIRECT_FIELD_NAME, type AccessOptions } from './decorators';
export { AccessMixin, LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin } from './mixins';
export { urlpatterns as authUrls } from './urls';
export { authTemplates } from './templates';

export const authApp = registerApp(
  defineApp({
    name: 'manouche.contrib.auth',
    label: 'auth',
    verboseName: 'Authentication and Authorization',
    templates: authTemplates,
    // django/contrib/auth/management/commands/, imported when one runs.
    commands: {
      createsuperuser: () => import('./management/commands/createsuperuser').then((m) => m.CreatesuperuserCommand),
      changepassword: () => import('./management/commands/changepassword').then((m) => m.ChangepasswordCommand),
    },
    migrations: () => import('./migrations/index').then((m) => m.authMigrations),
    // django/contrib/auth/admin.py, loaded only when the admin's autodiscover() runs.
    admin: (site) => import('./admin').then((m) => m.registerAuthAdmin(site)),
  }),
);

// Django's post_migrate create_permissions: the four permissions of each migrated app's models.
// Skipped until auth's own tables exist on that database (a migrate of one app before auth's).
postMigrate.connect(async ({ appConfig, using, backend }) => {
  if (!connections.has(using) || connections.get(using) !== backend) return;
  if (!(await new MigrationRecorder(backend).applied()).has('auth.0001_initial')) return;
  await createPermissionsFn({ appLabel: appConfig.label, using });
});
