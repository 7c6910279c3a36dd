/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { nodeTemplateFS } from './template';
