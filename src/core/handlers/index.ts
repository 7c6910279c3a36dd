/** The request handler (django.core.handlers): createApp() and the middleware contract. */
export { createApp, getApplication, type App, type AppOptions, type FetchEnv } from './app';
export { BaseHandler, type HandlerOptions } from './base';
export { MiddlewareNotUsed, registerMiddleware, type Middleware, type MiddlewareFactory, type MiddlewareHooks, type GetResponse, type ViewFunction } from './middleware';
export { onRequestException, type ErrorHandlers, type ErrorView, type ErrorLogger } from './exception';
