/**
 * Testing tools (`manouche/test`, Django's django.test): the Client, the
 * response and query-count assertions, and settings overrides.
 */
export { Client, RedirectCycleError, encodeMultipart, encodeQuery, BOUNDARY, MULTIPART_CONTENT, type ClientOptions, type TestResponse, type TestFields, type RequestOptions, type FormValue, type Data } from './client';
export { AssertionError, assertContains, assertNotContains, assertRedirects, assertTemplateUsed, assertTemplateNotUsed, assertHTMLEqual, assertHTMLNotEqual, assertInHTML } from './assertions';
export { parseHtml, HTMLParseError, Element as HtmlElement } from './html';
export { assertNumQueries, captureQueries, setupTestEnvironment, teardownTestEnvironment, overrideSettings, modifySettings, type ListChanges } from './utils';
