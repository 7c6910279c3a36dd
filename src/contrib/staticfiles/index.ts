/**
 * django.contrib.staticfiles: finders, storages (plain and manifest), the
 * development view, and the `static` template library. collectstatic (which
 * writes files) lives in `manouche/node`.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { STATICFILES_APP } from './templatetags';

/** The app to put in INSTALLED_APPS (or its name, 'manouche.contrib.staticfiles'). */
export const staticfilesApp = registerApp(defineApp({ name: STATICFILES_APP, label: 'staticfiles', verboseName: 'Static Files' }));

export { type StaticFS, type StaticFileInfo, setStaticFS, getStaticFS } from './fs';
export { FileSystemFinder, AppDirectoriesFinder, getFinders, find, findStatic, type Finder, type FoundFile } from './finders';
export {
  StaticFilesStorage,
  ManifestStaticFilesStorage,
  staticfilesStorage,
  resetStaticfilesStorage,
  setStorageIO,
  type StorageIO,
  type Manifest,
  type StorageSetting,
} from './storage';
export { HashedFilesProcessor, insertHash, type HashTarget, type FileHash, type PostProcessResult } from './hashing';
export { serveStatic, staticFilesHandler, staticFilesApp, type ServeStaticOptions, type StaticFilesApp } from './views';
export { staticLibrary, staticUrl, staticPrefix, STATICFILES_APP } from './templatetags';
export { SuspiciousFileOperation, safeRelativePath } from './utils';
