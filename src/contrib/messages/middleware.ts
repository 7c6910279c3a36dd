/**
 * MessageMiddleware's logic as two functions, for the HTTP layer to wire:
 * attach a storage to the request; store what is left after the response.
 */
import { settings } from '../../conf/settings';
import { ValueError } from '../../core/exceptions';
import { defaultStorage } from './storage/index';
import type { CookieSink, MessageRequest } from './storage/base';
import { DEFAULT_LEVELS } from './constants';
import { getMessages } from './api';
import type { CookieOptions } from '../../http/cookie';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { MiddlewareMixin } from '../../middleware/mixin';

export function messagesProcessRequest(request: MessageRequest): void {
  request._messages = defaultStorage(request);
}

/** Stores unread and new messages; in DEBUG, messages that could not be stored are an error, as Django. */
export async function messagesProcessResponse(request: MessageRequest, response: CookieSink): Promise<void> {
  if (!request._messages) return;
  const unstored = await request._messages.update(response);
  if (unstored.length && settings.DEBUG) throw new ValueError('Not all temporary messages could be stored.');
}

/** Django's messages context processor: `messages` and `DEFAULT_MESSAGE_LEVELS`. Load the storage before rendering. */
export function messagesContext(request: MessageRequest): { messages: unknown; DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_LEVELS } {
  return { messages: getMessages(request), DEFAULT_MESSAGE_LEVELS: DEFAULT_LEVELS };
}

/** Django's MessageMiddleware: `request._messages` (loaded, so templates iterate it), stored after the response. */
export class MessageMiddleware extends MiddlewareMixin {
  override async processRequest(request: HttpRequest): Promise<null> {
    const r = request as unknown as MessageRequest;
    messagesProcessRequest(r);
    // Reading the stored messages must not count as reading the session (Vary: Cookie) until a template or view does.
    const session = r.session;
    const accessed = session?.accessed;
    await r._messages!.load();
    if (session && accessed !== undefined) session.accessed = accessed;
    return null;
  }

  override async processResponse(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    const sink: CookieSink = {
      setCookie: (name, value, o = {}) =>
        response.setCookie(name, value, {
          domain: o.domain,
          secure: o.secure ?? undefined,
          httponly: o.httpOnly ?? undefined,
          samesite: (o.sameSite || undefined) as CookieOptions['samesite'],
          maxAge: o.maxAge,
          path: o.path,
        }),
      deleteCookie: (name, o = {}) => response.deleteCookie(name, { domain: o.domain, path: o.path, samesite: (o.sameSite || undefined) as CookieOptions['samesite'] }),
    };
    await messagesProcessResponse(request as unknown as MessageRequest, sink);
    return response;
  }
}
