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
// django.core.signing: `signing.dumps(...)`, and its classes by name
export { signing, Signer, TimestampSigner, BadSignature, SignatureExpired } from './core/signing';
// django.utils.crypto
export { constantTimeCompare, getRandomString, saltedHmac, RANDOM_STRING_CHARS } from './utils/crypto';
export * from './db/index';
export * from './template/index';
// HTTP: requests, responses, the handler, views, middleware, shortcuts (issue 6).
export * from './http/public';
export * from './core/handlers/index';
export * from './shortcuts';
export * from './views/index';
export * from './middleware/index';
export { Paginator, Page, InvalidPage, PageNotAnInteger, EmptyPage, ELLIPSIS, type Pageable } from './core/paginator';
export {
  patchCacheControl,
  patchVaryHeaders,
  patchResponseHeaders,
  addNeverCacheHeaders,
  getConditionalResponse,
  parseEtags,
  quoteEtag,
  hasVaryHeader,
  getMaxAge,
  type CacheControl,
} from './utils/cache';
export { MemoryFileUploadHandler, registerUploadHandler, type FileUploadHandler, type FileInfo, type UploadHandlerFactory } from './core/files/uploadhandler';
// The class-based View wins the root name (Django's django.views.View); the
// view-function type stays `View` in 'manouche/urls' and is `URLView` here.
export { View } from './views/index';
export type { View as URLView } from './urls/index';
export { UploadedFile, InMemoryUploadedFile, SimpleUploadedFile } from './core/files/uploadedfile';
// django.contrib.staticfiles: finders, storages, the development view, the `static` template library.
export * from './contrib/staticfiles/index';
export * as checks from './core/checks/index';
export * as serializers from './core/serializers/index';
// django.core.cache and django.core.mail
export { caches, cache, registerCacheBackend, BaseCache, LocMemCache, DummyCache, DatabaseCache, DEFAULT_CACHE_ALIAS, type CacheParams, type Timeout } from './core/cache/index';
export { sendMail, sendMassMail, mailAdmins, mailManagers, getConnection, registerEmailBackend, EmailMessage, EmailMultiAlternatives, BadHeaderError, outbox, type EmailBackend } from './core/mail/index';
export {
  Storage,
  InMemoryStorage,
  StoredFile,
  SuspiciousFileOperation,
  FileNotFoundError,
  setDefaultStorage,
  defaultStorage,
  getValidFilename,
  type FileContent,
} from './core/files/storage';
