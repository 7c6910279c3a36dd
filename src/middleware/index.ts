/** Built-in middleware (django.middleware). */
export { MiddlewareMixin } from './mixin';
export { CommonMiddleware } from './common';
export { GZipMiddleware, compressSequence, compressBytes } from './gzip';
export { ConditionalGetMiddleware } from './http';
