/**
 * manouche/contrib/auth (django.contrib.auth): users, groups and
 * permissions, password hashing and validation, authentication backends.
 * Importing it registers 'manouche.contrib.auth' for INSTALLED_APPS.
 * login()/logout()/getUser() work on any object with a `session`; the
 * middleware, decorators and views arrive with the HTTP layer.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';

export * from './hashers';
export * from './password-validation';
export * from './base-user';
export * from './models';
export * from './backends';
export * from './management';
export * from './login';
export * from './tokens';
export { UnicodeUsernameValidator, ASCIIUsernameValidator } from './validators';

export const authApp = registerApp(defineApp({ name: 'manouche.contrib.auth', label: 'auth', verboseName: 'Authentication and Authorization' }));
