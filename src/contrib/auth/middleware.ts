/**
 * AuthenticationMiddleware (django.contrib.auth.middleware): a lazy
 * `request.user` and `await request.auser()` (request-user.ts). It reads
 * nothing itself: a request whose view, decorators and template never look
 * at the user runs no auth query, and does not even load its session.
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import { MiddlewareMixin } from '../../middleware/mixin';
import type { SessionBase } from '../sessions/base';
import { installLazyUser } from './request-user';

export class AuthenticationMiddleware extends MiddlewareMixin {
  override processRequest(request: HttpRequest): null {
    const session = request.session as SessionBase | undefined;
    if (!session || typeof (session as { load?: unknown }).load !== 'function') {
      throw new ImproperlyConfigured(
        "The Django authentication middleware requires session middleware to be installed. Edit your MIDDLEWARE setting to insert 'django.contrib.sessions.middleware.SessionMiddleware' before 'django.contrib.auth.middleware.AuthenticationMiddleware'.",
      );
    }
    installLazyUser(request, session);
    return null;
  }
}
