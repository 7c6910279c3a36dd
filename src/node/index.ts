/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';
export { installAsyncContext } from './context';

import { installAsyncContext } from './context';

// On Node, every atomic() block is its own context (one per request).
installAsyncContext();
