/**
 * manouche/node/server: the HTTP server (runserver's and gunicorn's role) and
 * the `--workers N` cluster entry, without the rest of the API. A production
 * process that takes its app's areas from their own subpaths
 * ('manouche/core/handlers', 'manouche/http', 'manouche/db', …) and its server
 * from here loads just those areas, as a Django process imports only the
 * modules its project names; `manouche/node` is all of this plus every
 * command, backend and contrib module.
 *
 * Importing it does what serving needs of manouche/node's side effects:
 * the Node DATABASES engines (their backends load when first named),
 * atomic() blocks per request, error emails to ADMINS, and the cache
 * middleware's MIDDLEWARE names.
 */
import { registerNodeEngines } from './engines';
import { installAsyncContext } from './context';
import { installErrorMail } from './error-mail';
import { registerCacheMiddleware } from '../middleware/cache';

export { serve, createListener, toRequest, RESPONSE_BODY, type NodeRequest, type FetchHandler, type FetchEnv, type ServeOptions, type ServerHandle, type ResponseInfo, type DirectApp } from './server';
export { serveWorkers, parseServeArgs, runProduction, type WorkersOptions, type AppSource } from './cluster';
export { installAsyncContext } from './context';

registerNodeEngines();
installAsyncContext();
installErrorMail();
registerCacheMiddleware();
