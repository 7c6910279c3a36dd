/** Built-in middleware (django.middleware). */
export { MiddlewareMixin } from './mixin';
export { CommonMiddleware } from './common';
export { GZipMiddleware, compressSequence, compressBytes } from './gzip';
export { ConditionalGetMiddleware } from './http';
export { CsrfViewMiddleware, getToken, rotateToken, CSRF_SESSION_KEY } from './csrf';
export { SecurityMiddleware } from './security';
export { XFrameOptionsMiddleware } from './clickjacking';
export { UpdateCacheMiddleware, FetchFromCacheMiddleware, CacheMiddleware, registerCacheMiddleware, getCacheKey, learnCacheKey, type CacheMiddlewareOptions } from './cache';
