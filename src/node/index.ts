/** Node-only adapters (server, file loaders, CLI) live here. */
export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';

import { registerDatabaseEngine } from '../db/connection';
import { PostgresBackend as Postgres } from '../db/backends/postgresql';
import { SqlJsBackend } from '../db/backends/sqljs';
import { openSqliteFile as openFile } from './sqlite-file';

// DATABASES engines that need Node: sql.js kept in a file, and PostgreSQL.
registerDatabaseEngine('manouche.db.backends.sqljs', (config) =>
  config.NAME && config.NAME !== ':memory:' ? openFile(config.NAME, config.OPTIONS ?? {}) : SqlJsBackend.open(config.OPTIONS ?? {}),
);
registerDatabaseEngine('manouche.db.backends.postgresql', (config) =>
  Postgres.open({
    database: config.NAME,
    user: config.USER,
    password: config.PASSWORD,
    host: config.HOST,
    port: config.PORT === undefined || config.PORT === '' ? undefined : Number(config.PORT),
    ...(config.OPTIONS ?? {}),
  }),
);

// The HTTP server (runserver/gunicorn's role) and the cluster entry.
export { serve, createListener, toRequest, NodeRequest, RESPONSE_BODY, type FetchHandler, type FetchEnv, type ServeOptions, type ServerHandle } from './server';
export { serveWorkers, parseServeArgs, runProduction, type WorkersOptions, type AppSource } from './cluster';

// Static files: the node:fs finders' file system, the manifest reader, collectstatic.
export { collectstatic, nodeStaticFS, nodeStorageIO, md5Hash, CommandError, type CollectstaticOptions, type CollectstaticResult } from './staticfiles';
import { setStaticFS } from '../contrib/staticfiles/fs';
import { setStorageIO } from '../contrib/staticfiles/storage';
import { nodeStaticFS as staticFS, nodeStorageIO as storageIO } from './staticfiles';
setStaticFS(staticFS);
setStorageIO(storageIO);
