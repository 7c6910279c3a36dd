/**
 * manouche/contrib/messages (django.contrib.messages): one-time messages
 * with levels and tags, stored in a signed cookie, the session, or both.
 * Importing it registers 'manouche.contrib.messages' for INSTALLED_APPS.
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { registerMiddleware } from '../../core/handlers/middleware';
import { registerContextProcessor } from '../../http/context-processors';
import { MessageMiddleware, messagesContext } from './middleware';

export { DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_TAGS, DEFAULT_LEVELS } from './constants';
export { Message, BaseStorage, type MessageRequest, type CookieSink } from './storage/base';
export { CookieStorage } from './storage/cookie';
export { SessionStorage } from './storage/session';
export { FallbackStorage } from './storage/fallback';
export { defaultStorage, registerMessageStorage } from './storage/index';
export { addMessage, getMessages, getLevel, setLevel, debug, info, success, warning, error, MessageFailure } from './api';
export { MessageMiddleware, messagesProcessRequest, messagesProcessResponse, messagesContext } from './middleware';
export { getLevelTags } from './utils';
export { successMessageMixin } from './views';

registerMiddleware('manouche.contrib.messages.middleware.MessageMiddleware', MessageMiddleware);
registerMiddleware('django.contrib.messages.middleware.MessageMiddleware', MessageMiddleware);
registerContextProcessor('manouche.contrib.messages.context_processors.messages', messagesContext as (r: unknown) => Record<string, unknown>);

export const messagesApp = registerApp(defineApp({ name: 'manouche.contrib.messages', label: 'messages', verboseName: 'Messages' }));
