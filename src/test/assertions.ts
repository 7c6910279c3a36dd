/**
 * Django's response assertions (django.test.SimpleTestCase), as functions
 * that throw an AssertionError with Django's messages.
 */
import type { TestResponse } from './client';
import { type Element, HTMLParseError, occurrences, parseHtml } from './html';

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function fail(msgPrefix: string | undefined, message: string): never {
  throw new AssertionError(msgPrefix ? `${msgPrefix}: ${message}` : message);
}

function textOf(response: TestResponse): string {
  if (response.streaming) fail(undefined, 'assertContains() cannot read a streaming response: read response.streamingContent instead.');
  return (response as unknown as { text: string }).text;
}

/** Parses for an HTML assertion; invalid HTML fails the assertion, saying which argument (Django's assert_and_parse_html). */
function parsed(html: string, msgPrefix: string | undefined, which: string): Element {
  try {
    return parseHtml(html);
  } catch (e) {
    if (e instanceof HTMLParseError) fail(msgPrefix, `${which} is not valid HTML:\n${e.message}`);
    throw e;
  }
}

/** How often `text` is in the response: as text, or with `html` as an element or fragment of the parsed page. */
function countIn(response: TestResponse, text: string, html: boolean | undefined, msgPrefix: string | undefined): number {
  if (!html) return occurrences(textOf(response), text);
  return parsed(textOf(response), msgPrefix, "Response's content").count(parsed(text, msgPrefix, 'Second argument'));
}

/** The response has status `statusCode` (200) and contains `text` (`count` times when given). */
export function assertContains(response: TestResponse, text: string, options: { count?: number; statusCode?: number; msgPrefix?: string; html?: boolean } = {}): void {
  const status = options.statusCode ?? 200;
  if (response.statusCode !== status) fail(options.msgPrefix, `Couldn't retrieve content: Response code was ${response.statusCode} (expected ${status})`);
  const real = countIn(response, text, options.html, options.msgPrefix);
  if (options.count !== undefined) {
    if (real !== options.count) fail(options.msgPrefix, `Found ${real} instances of '${text}' in response (expected ${options.count})`);
  } else if (real === 0) fail(options.msgPrefix, `Couldn't find '${text}' in response`);
}

/** The response has status `statusCode` (200) and does not contain `text`. */
export function assertNotContains(response: TestResponse, text: string, options: { statusCode?: number; msgPrefix?: string; html?: boolean } = {}): void {
  const status = options.statusCode ?? 200;
  if (response.statusCode !== status) fail(options.msgPrefix, `Couldn't retrieve content: Response code was ${response.statusCode} (expected ${status})`);
  if (countIn(response, text, options.html, options.msgPrefix) !== 0) fail(options.msgPrefix, `Response should not contain '${text}'`);
}

/**
 * The two are the same HTML document: whitespace, attribute order, class
 * order and how a boolean attribute or a character is written do not count
 * (Django's assertHTMLEqual).
 */
export function assertHTMLEqual(html1: string, html2: string, msg?: string): void {
  const a = parsed(html1, msg, 'First argument');
  const b = parsed(html2, msg, 'Second argument');
  if (!a.equals(b)) fail(msg, `${String(a)} != ${String(b)}`);
}

/** The contrary of assertHTMLEqual. */
export function assertHTMLNotEqual(html1: string, html2: string, msg?: string): void {
  const a = parsed(html1, msg, 'First argument');
  const b = parsed(html2, msg, 'Second argument');
  if (a.equals(b)) fail(msg, `${String(a)} == ${String(b)}`);
}

/** `needle` (an element or a run of elements) occurs in the HTML `haystack` (`count` times when given) (Django's assertInHTML). */
export function assertInHTML(needle: string, haystack: string, count?: number, msgPrefix?: string): void {
  const real = parsed(haystack, msgPrefix, 'Second argument').count(parsed(needle, msgPrefix, 'First argument'));
  if (count !== undefined) {
    if (real !== count) fail(msgPrefix, `Found ${real} instances of '${needle}' where ${count} were expected`);
  } else if (real === 0) fail(msgPrefix, `Couldn't find '${needle}' where it was expected`);
}

/** URLs equal up to the order of query parameters (Django's assertURLEqual). */
function normalizeUrl(url: string): string {
  const u = new URL(url, 'http://testserver');
  const params = [...u.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') ? `${u.protocol}//${u.host}` : '';
  return `${base}${u.pathname}${params.length ? '?' + new URLSearchParams(params).toString() : ''}${u.hash}`;
}

/**
 * The response redirected (statusCode, 302) to `expectedUrl`, and that page
 * answers targetStatusCode (200) — fetched unless fetchRedirectResponse is false.
 */
export async function assertRedirects(
  response: TestResponse,
  expectedUrl: string,
  options: { statusCode?: number; targetStatusCode?: number; msgPrefix?: string; fetchRedirectResponse?: boolean } = {},
): Promise<void> {
  const statusCode = options.statusCode ?? 302;
  const targetStatusCode = options.targetStatusCode ?? 200;
  const prefix = options.msgPrefix;
  let url: string;
  if (response.redirectChain.length) {
    if (response.redirectChain[0][1] !== statusCode) {
      fail(prefix, `Initial response didn't redirect as expected: Response code was ${response.redirectChain[0][1]} (expected ${statusCode})`);
    }
    url = response.redirectChain[response.redirectChain.length - 1][0];
    if (response.statusCode !== targetStatusCode) {
      fail(prefix, `Response didn't redirect as expected: Final Response code was ${response.statusCode} (expected ${targetStatusCode})`);
    }
  } else {
    if (response.statusCode !== statusCode) fail(prefix, `Response didn't redirect as expected: Response code was ${response.statusCode} (expected ${statusCode})`);
    url = response.get('location') ?? '';
    if (options.fetchRedirectResponse ?? true) {
      const target = new URL(url, 'http://testserver' + (response.request?.path ?? '/'));
      const redirected = await response.client.get(target.pathname + target.search, undefined, { secure: target.protocol === 'https:', headers: { host: target.host } });
      if (redirected.statusCode !== targetStatusCode) {
        fail(prefix, `Couldn't retrieve redirection page '${target.pathname}': response code was ${redirected.statusCode} (expected ${targetStatusCode})`);
      }
    }
  }
  if (normalizeUrl(url) !== normalizeUrl(expectedUrl)) fail(prefix, `Response redirected to '${url}', expected '${expectedUrl}'`);
}

/** `templateName` was among the templates rendered (`count` times when given). */
export function assertTemplateUsed(response: TestResponse, templateName: string, options: { count?: number; msgPrefix?: string } = {}): void {
  const names = response.templates;
  if (!names.length && options.count !== 0) fail(options.msgPrefix, 'No templates used to render the response');
  const used = names.filter((n) => n === templateName).length;
  if (options.count !== undefined) {
    if (used !== options.count) fail(options.msgPrefix, `Template '${templateName}' was expected to be rendered ${options.count} time(s) but was actually rendered ${used} time(s).`);
  } else if (!used) {
    fail(options.msgPrefix, `Template '${templateName}' was not a template used to render the response. Actual template(s) used: ${names.join(', ')}`);
  }
}

/** `templateName` was not rendered. */
export function assertTemplateNotUsed(response: TestResponse, templateName: string, options: { msgPrefix?: string } = {}): void {
  if (response.templates.includes(templateName)) fail(options.msgPrefix, `Template '${templateName}' was used unexpectedly in rendering the response`);
}
