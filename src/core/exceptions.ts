/**
 * Django's core exceptions (django.core.exceptions), shared by every area.
 * Each sets `name` so that messages read like Django's tracebacks.
 */

/** Something is wrong in the project's configuration (settings, URLconf, ...). */
export class ImproperlyConfigured extends Error {
  override name = 'ImproperlyConfigured';
}

/**
 * Python's ValueError: a value of the right type but the wrong content. URL
 * converters throw it from `toValue` / `toUrl` to mean "no match", as in Django.
 */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** The requested object does not exist (the base of Model.DoesNotExist). */
export class ObjectDoesNotExist extends Error {
  override name = 'ObjectDoesNotExist';
}

/** A query that should return one object returned several. */
export class MultipleObjectsReturned extends Error {
  override name = 'MultipleObjectsReturned';
}

/** A model field lookup names something that does not exist. */
export class FieldError extends Error {
  override name = 'FieldError';
}

/** The user lacks permission (becomes a 403). */
export class PermissionDenied extends Error {
  override name = 'PermissionDenied';
}

/** The request is not well-formed (becomes a 400). */
export class SuspiciousOperation extends Error {
  override name = 'SuspiciousOperation';
}
