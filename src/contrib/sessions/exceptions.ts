/** Django's django.contrib.sessions.exceptions and the backends' CreateError/UpdateError. */
import { SuspiciousOperation } from '../../core/exceptions';

/** A session with this key already exists (save(mustCreate) lost a race). */
export class CreateError extends Error {
  override name = 'CreateError';
}

/** The session to update is gone (deleted by a concurrent request). */
export class UpdateError extends Error {
  override name = 'UpdateError';
}

/** Invalid characters in the session key. */
export class InvalidSessionKey extends SuspiciousOperation {
  override name = 'InvalidSessionKey';
}

/** The session was tampered with (bad signature on session data). */
export class SuspiciousSession extends SuspiciousOperation {
  override name = 'SuspiciousSession';
}

/** The session was deleted before the request completed (Django: BadRequest, a 400). */
export class SessionInterrupted extends Error {
  override name = 'SessionInterrupted';
}
