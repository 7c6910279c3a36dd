/**
 * The HTTP layer's exceptions (django.http, django.core.exceptions). The
 * handler turns each into its status: Http404 → 404, PermissionDenied → 403,
 * BadRequest and every SuspiciousOperation → 400, anything else → 500.
 */
import { SuspiciousOperation } from '../core/exceptions';

/** Not found (django.http.Http404): becomes a 404 wherever it is thrown. */
export class Http404 extends Error {
  override name = 'Http404';
}

/** The request is malformed (django.core.exceptions.BadRequest): a 400. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

/** The Host header names a host outside ALLOWED_HOSTS. */
export class DisallowedHost extends SuspiciousOperation {
  override name = 'DisallowedHost';
}

/** A redirect to a URL with an unsafe scheme (javascript:, data:, ...). */
export class DisallowedRedirect extends SuspiciousOperation {
  override name = 'DisallowedRedirect';
}

/** The request body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE. */
export class RequestDataTooBig extends SuspiciousOperation {
  override name = 'RequestDataTooBig';
}

/** More GET/POST fields than DATA_UPLOAD_MAX_NUMBER_FIELDS. */
export class TooManyFieldsSent extends SuspiciousOperation {
  override name = 'TooManyFieldsSent';
}

/** More uploaded files than DATA_UPLOAD_MAX_NUMBER_FILES. */
export class TooManyFilesSent extends SuspiciousOperation {
  override name = 'TooManyFilesSent';
}

/** A multipart body that cannot be parsed (django.http.multipartparser.MultiPartParserError): a 400. */
export class MultiPartParserError extends Error {
  override name = 'MultiPartParserError';
}

/** The body could not be read (the client went away). */
export class UnreadablePostError extends Error {
  override name = 'UnreadablePostError';
}

/** A TemplateResponse's content was read before it was rendered. */
export class ContentNotRenderedError extends Error {
  override name = 'ContentNotRenderedError';
}

/** Python's AttributeError, for Django's "immutable QueryDict" and "no content" errors. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}
