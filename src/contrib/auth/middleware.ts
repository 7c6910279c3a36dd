/**
 * AuthenticationMiddleware (django.contrib.auth.middleware): `request.user`
 * and `await request.auser()`.
 *
 * Django resolves request.user lazily on first access; a JavaScript getter
 * cannot wait for the database, so the user is read here, before the view,
 * when the request carries a session cookie (no cookie: AnonymousUser, no
 * query). The session counts as accessed (Vary: Cookie) only once the view
 * or a template reads request.user, as with Django's lazy object. For an
 * authenticated user the permissions are read too, so `{{ perms.polls.add_choice }}`
 * renders synchronously.
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import { MiddlewareMixin } from '../../middleware/mixin';
import type { SessionBase } from '../sessions/base';
import { getUser } from './login';
import { AnonymousUser } from './models';

/** The permissions AuthenticationMiddleware read for the request's user (the auth context processor's `perms`). */
export const PERMS = Symbol('manouche.auth.perms');

export class AuthenticationMiddleware extends MiddlewareMixin {
  override async processRequest(request: HttpRequest): Promise<null> {
    const session = request.session as SessionBase | undefined;
    if (!session || typeof (session as { load?: unknown }).load !== 'function') {
      throw new ImproperlyConfigured(
        "The Django authentication middleware requires session middleware to be installed. Edit your MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.",
      );
    }
    let user: any;
    if (settings.SESSION_COOKIE_NAME in request.COOKIES || session.sessionKey) {
      const accessed = session.accessed;
      user = await getUser({ session });
      if (user?.isAuthenticated && user.is_active !== false && typeof user.getAllPermissions === 'function') {
        (request as any)[PERMS] = user.is_superuser ? true : await user.getAllPermissions();
      }
      session.accessed = accessed;
    } else {
      user = new AnonymousUser();
    }
    let current = user;
    Object.defineProperty(request, 'user', {
      configurable: true,
      enumerable: true,
      get() {
        session.accessed = true;
        return current;
      },
      set(value) {
        current = value;
        delete (request as any)[PERMS];
      },
    });
    (request as any).auser = async () => request.user;
    return null;
  }
}
