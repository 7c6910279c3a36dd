/**
 * Manouche: Django's batteries-included design in TypeScript. The isomorphic
 * API (no `node:` imports), one subpath per area as well as here.
 */
export * from './urls/index';
export * from './template/index';
