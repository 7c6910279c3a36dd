/**
 * manouche/node: the whole API plus what needs Node — DATABASES engines for
 * sql.js in a file and PostgreSQL, per-request transaction contexts,
 * temporary-file uploads, file loaders for templates and migrations.
 * Importing it registers those (the side effects below).
 */
import { registerUploadHandler } from '../core/files/uploadhandler';
import { setStaticFS } from '../contrib/staticfiles/fs';
import { setStorageIO } from '../contrib/staticfiles/storage';
import { nodeStaticFS, nodeStorageIO } from './staticfiles';
import { TemporaryFileUploadHandler } from './uploadedfile';
import { registerCacheBackend } from '../core/cache/index';
import { RedisCache } from './redis-cache';
import { setDefaultStorage } from '../core/files/storage';
import { FileSystemStorage } from './storage';
import { installTemplateFS } from '../template/utils';
import { nodeTemplateFS } from './template';
import { setFilePathFS } from '../forms/filepath-fs';
import { nodeFilePathFS } from './filepath';

export * from '../index';
export { FilePersistence, openSqliteFile } from './sqlite-file';
export { PostgresBackend, type PostgresOptions } from '../db/backends/postgresql';
export { nodeTemplateFS } from './template';
export { nodeMigrationFiles, type NodeMigrationFilesOptions } from './migrations';
export { interactiveQuestioner, MigrationsAborted } from './questioner';
export { executeFromCommandLine, callCommand, BaseCommand, CommandError, SystemCheckError, ArgumentParser, type CommandOptions } from './management';
export { TemporaryUploadedFile, TemporaryFileUploadHandler } from './uploadedfile';
export { RedisCache } from './redis-cache';
// The HTTP server (runserver/gunicorn's role) and the cluster entry; importing
// it registers the Node DATABASES engines (sql.js in a file, PostgreSQL) and
// makes every atomic() block its own async context (one per request).
export * from './server-entry';
// Both the root API (createApp's) and the server name a FetchEnv; manouche/node's is the server's, as before.
export type { FetchEnv } from './server';
// Static files: the node:fs finders' file system, the manifest reader, collectstatic.
export { collectstatic, nodeStaticFS, nodeStorageIO, md5Hash, type CollectstaticOptions, type CollectstaticResult } from './staticfiles';
export { FileSystemStorage, FileSystemFile, type FileSystemStorageOptions } from './storage';
// The file and SMTP email backends; importing the module registers them under Django's names.
export { FileEmailBackend, SmtpEmailBackend } from './mail';
export { nodeFilePathFS } from './filepath';
// forms.FilePathField lists directories through node:fs
setFilePathFS(nodeFilePathFS);

// Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE spill to temporary files on Node.
for (const name of ['manouche.core.files.uploadhandler.TemporaryFileUploadHandler', 'django.core.files.uploadhandler.TemporaryFileUploadHandler']) {
  registerUploadHandler(name, () => new TemporaryFileUploadHandler());
}

// Static files are read from disk on Node.
setStaticFS(nodeStaticFS);
setStorageIO(nodeStorageIO);

// CACHES backend that needs Node: Redis over the `redis` package.
registerCacheBackend('manouche.core.cache.backends.redis.RedisCache', RedisCache);
// Django's default storage: files under MEDIA_ROOT, served at MEDIA_URL (read when used).
setDefaultStorage(new FileSystemStorage());

// Template DIRS and apps' `templates/` directories are read from disk unless engines.configure() is given another fs.
installTemplateFS(nodeTemplateFS);
