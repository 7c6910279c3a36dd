/** Requests and responses (django.http), on the fetch API's Request and Response; manouche/http adds the template loader functions. */
export * from './public';
export { engines, getTemplate, selectTemplate, renderToString } from './templates';
