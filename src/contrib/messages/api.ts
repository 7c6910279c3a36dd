/**
 * Django's messages API (django.contrib.messages.api) over the storage
 * MessageMiddleware puts on the request (`request._messages`).
 *
 * @example
 * info(request, 'Three credits remain in your account.');
 * for await (const m of getMessages(request)) console.log(m.tags, String(m));
 */
import { settings } from '../../conf/settings';
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from './constants';
import type { BaseStorage, MessageRequest } from './storage/base';

/** No message storage on the request (the middleware is not installed). */
export class MessageFailure extends Error {
  override name = 'MessageFailure';
}

/** Queues a message on the request's storage. */
export function addMessage(request: MessageRequest, level: number, message: unknown, options: { extraTags?: string; failSilently?: boolean } = {}): void {
  const storage = request?._messages;
  if (!storage) {
    if (!options.failSilently) throw new MessageFailure('You cannot add messages without installing django.contrib.messages.middleware.MessageMiddleware');
    return;
  }
  storage.add(level, message, options.extraTags ?? '');
}

/** The request's message storage, or an empty list without the middleware. */
export function getMessages(request: MessageRequest): BaseStorage | never[] {
  return request?._messages ?? [];
}

/** The minimum level recorded for this request. */
export function getLevel(request: MessageRequest): number {
  return request?._messages?.level ?? ((settings.MESSAGE_LEVEL as number | undefined) ?? INFO);
}

/** Sets the minimum level (null: the default); false without the middleware. */
export function setLevel(request: MessageRequest, level: number | null): boolean {
  if (!request?._messages) return false;
  request._messages.level = level;
  return true;
}

type Options = { extraTags?: string; failSilently?: boolean };
export const debug = (request: MessageRequest, message: unknown, options?: Options) => addMessage(request, DEBUG, message, options);
export const info = (request: MessageRequest, message: unknown, options?: Options) => addMessage(request, INFO, message, options);
export const success = (request: MessageRequest, message: unknown, options?: Options) => addMessage(request, SUCCESS, message, options);
export const warning = (request: MessageRequest, message: unknown, options?: Options) => addMessage(request, WARNING, message, options);
export const error = (request: MessageRequest, message: unknown, options?: Options) => addMessage(request, ERROR, message, options);
