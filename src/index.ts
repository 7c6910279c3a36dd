/**
 * Manouche: Django's batteries-included design in TypeScript. The isomorphic
 * API (no `node:` imports), one subpath per area as well as here.
 */
export * from './urls/index';
export { settings, configure, type Settings } from './conf/settings';
export * from './core/exceptions';
export * from './core/validators';
export * from './db/index';
export * from './template/index';
