/**
 * Manouche: Django's batteries-included design in TypeScript. The isomorphic
 * API (no `node:` imports), one subpath per area as well as here.
 */
export * from './urls/index';
export {
  settings,
  configure,
  resetSettings,
  changedSettings,
  globalSettings,
  type Settings,
  type DatabaseSettings,
  type TemplateSettings,
  type MiddlewareEntry,
} from './conf/settings';
export { AppConfig, defineApp, type AppConfigOptions } from './apps/config';
export { apps, registerApp } from './apps/registry';
export { setup } from './setup';
export * from './core/exceptions';
export * from './core/validators';
export * from './db/index';
export * from './template/index';
export * as checks from './core/checks/index';
export * as serializers from './core/serializers/index';
