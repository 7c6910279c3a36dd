/** The root package's share of django.http (manouche/http adds the template loader functions). */
export { HttpRequest, RAISE_ERROR, RawPostDataException, splitDomainPort, validateHost, isSameDomain, decodePath, type RequestOptions } from './request';
export { QueryDict, MultiValueDict, MultiValueDictKeyError } from './querydict';
export {
  HttpResponseBase,
  HttpResponse,
  HttpResponseRedirectBase,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseNotAllowed,
  HttpResponseGone,
  HttpResponseServerError,
  JsonResponse,
  StreamingHttpResponse,
  iriToUri,
  pyJsonDumps,
  type ResponseInit,
  type Content,
} from './response';
export { FileResponse, contentDispositionHeader, type FileSource, type FileResponseInit } from './fileresponse';
export { SimpleTemplateResponse, TemplateResponse, type TemplateSpec } from './templateresponse';
export { parseCookie, httpDate, parseHttpDate, Morsel, type CookieOptions, type SameSite } from './cookie';
export {
  Http404,
  BadRequest,
  DisallowedHost,
  DisallowedRedirect,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
  MultiPartParserError,
  UnreadablePostError,
  ContentNotRenderedError,
} from './exceptions';
export { parseMultipart } from './multipart';
export { onTemplateRendered, type RenderedTemplate } from './templates';
export { REASON_PHRASES } from './status';
