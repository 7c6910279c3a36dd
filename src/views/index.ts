/** Views (django.views): generic class-based views, decorators, the default and debug error views. */
export { View, ContextMixin, TemplateResponseMixin, TemplateView, RedirectView, setViewLogger, type ViewFunction as ClassViewFunction } from './generic/base';
export { ListView, MultipleObjectMixin, type QuerySetLike } from './generic/list';
export { DetailView, SingleObjectMixin } from './generic/detail';
export {
  requireHttpMethods,
  requireGET,
  requirePOST,
  requireSafe,
  condition,
  etag,
  lastModified,
  cacheControl,
  neverCache,
  varyOnHeaders,
  varyOnCookie,
  noAppendSlash,
} from './decorators/http';
export { pageNotFound, serverError, badRequest, permissionDenied } from './defaults';
export { technical404Response, technical500Response, CLEANSED_SUBSTITUTE } from './debug';
export { csrfExempt, csrfProtect, requiresCsrfToken, ensureCsrfCookie } from './decorators/csrf';
export { decoratorFromMiddleware, decoratorFromMiddlewareWithArgs } from './decorators/middleware';
export { cachePage } from './decorators/cache';
export { sensitivePostParameters } from './decorators/debug';
export { xframeOptionsDeny, xframeOptionsSameorigin, xframeOptionsExempt } from './decorators/clickjacking';
export { csrfFailure } from './csrf';
