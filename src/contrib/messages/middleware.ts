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
