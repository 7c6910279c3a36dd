/**
 * The app in the page itself, for where no service worker is allowed (an
 * insecure origin, a browser setting, a test): the runtime answers the
 * page's own navigation.
 *
 *   1. A click on a same-origin link (no target, download or modifier key)
 *      and a form's submit are taken over: the form's fields become the
 *      request body as the browser would encode them (urlencoded, multipart
 *      with files, or the query string of a GET).
 *   2. app.fetch() answers; redirects are followed (303, and 301/302 after a
 *      POST, become a GET, as browsers do), at most 20 times.
 *   3. The answer's HTML replaces the document (document.open/write, so its
 *      scripts run) and the address bar follows with history.pushState;
 *      back and forward (popstate) fetch the page again.
 *
 * The document's links to static files (href and src under STATIC_URL:
 * stylesheets, scripts, images) are answered by the app too, as blob: URLs;
 * a url() inside a stylesheet is not rewritten (a service worker has no
 * such limit).
 */
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/exceptions';
import { boot, type BrowserAppOptions, type Runtime } from './runtime';

let current: Runtime | null = null;

/** The in-page runtime of this page, if startInPage() ran. */
export function inPageRuntime(): Runtime | null {
  return current;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Follows the app's redirects as a browser would; answers the final response and its URL. */
export async function fetchFollowing(runtime: Runtime, request: Request): Promise<{ response: Response; url: string }> {
  let url = request.url;
  let response = await runtime.fetch(request);
  for (let hops = 0; REDIRECTS.has(response.status); hops++) {
    const location = response.headers.get('location');
    if (!location) break;
    if (hops === 20) throw new Error(`Too many redirects (20) from ${request.url}.`);
    const next = new URL(location, url);
    url = next.href;
    const keepMethod = response.status === 307 || response.status === 308;
    if (next.origin !== globalThis.location.origin) {
      globalThis.location.assign(url);
      return { response, url };
    }
    request = keepMethod ? new Request(url, request) : new Request(url, { method: 'GET' });
    response = await runtime.fetch(request);
  }
  return { response, url };
}

/** The request a form submission makes (the HTML standard's form submission algorithm, for the common cases). */
export function formRequest(form: HTMLFormElement, submitter: HTMLElement | null): Request {
  const action = submitter?.getAttribute('formaction') ?? form.getAttribute('action') ?? '';
  const method = (submitter?.getAttribute('formmethod') ?? form.getAttribute('method') ?? 'get').toUpperCase();
  const enctype = submitter?.getAttribute('formenctype') ?? form.getAttribute('enctype') ?? 'application/x-www-form-urlencoded';
  const url = new URL(action, document.baseURI);
  const data = new FormData(form, submitter as HTMLElement | null);
  if (method !== 'POST') {
    url.search = new URLSearchParams(data as unknown as Record<string, string>).toString();
    return new Request(url.href, { method: 'GET' });
  }
  if (enctype === 'multipart/form-data') return new Request(url.href, { method, body: data });
  const body = new URLSearchParams();
  for (const [name, value] of data) body.append(name, typeof value === 'string' ? value : value.name);
  return new Request(url.href, { method, body });
}

const blobs = new Map<string, string>();

/** `html` with its href/src attributes under STATIC_URL pointing at blob: URLs of the app's answers. */
export async function inlineStatic(runtime: Runtime, html: string, pageUrl: string): Promise<string> {
  const prefix = settings.STATIC_URL;
  if (!prefix) return html;
  const origin = new URL(pageUrl).origin;
  const wanted = new Set<string>();
  const attribute = /\b(href|src)="([^"]+)"/g;
  for (const m of html.matchAll(attribute)) {
    const url = new URL(m[2]!.replace(/&amp;/g, '&'), pageUrl);
    if (url.origin === origin && url.pathname.startsWith(new URL(prefix, origin).pathname) && !blobs.has(url.href)) wanted.add(url.href);
  }
  for (const href of wanted) {
    const response = await runtime.fetch(new Request(href));
    if (response.ok) blobs.set(href, URL.createObjectURL(await response.blob()));
  }
  return html.replace(attribute, (whole, name: string, value: string) => {
    const blob = blobs.get(new URL(value.replace(/&amp;/g, '&'), pageUrl).href);
    return blob ? `${name}="${blob}"` : whole;
  });
}

/** Starts `options`' app in this page and shows the page at the current address. */
export async function startInPage(options: BrowserAppOptions): Promise<Runtime> {
  if (typeof document === 'undefined') throw new ImproperlyConfigured('startInPage() needs a page (a document); in a service worker, use startServiceWorker().');
  if (current) throw new ImproperlyConfigured('startInPage() already ran in this page.');
  const runtime = await boot(options);
  current = runtime;

  const show = async (request: Request, push: boolean) => {
    const { response, url } = await fetchFollowing(runtime, request);
    if (new URL(url).origin !== location.origin) return;
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/html')) {
      // Not a page (a download, JSON): let the browser show it as it is.
      location.assign(URL.createObjectURL(await response.blob()));
      return;
    }
    const html = await inlineStatic(runtime, await response.text(), url);
    if (push) history.pushState(null, '', url);
    else if (url !== location.href) history.replaceState(null, '', url);
    document.open();
    document.write(html);
    document.close();
    listen();
  };

  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
    const url = new URL(link.href, document.baseURI);
    if (url.origin !== location.origin) return;
    // A link to a place in this page scrolls there.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    event.preventDefault();
    void show(new Request(url.href), true);
  };
  const onSubmit = (event: SubmitEvent) => {
    if (event.defaultPrevented) return;
    const form = event.target as HTMLFormElement;
    if (form.target && form.target !== '_self') return;
    const request = formRequest(form, event.submitter);
    if (new URL(request.url).origin !== location.origin) return;
    event.preventDefault();
    void show(request, true);
  };
  const onPopState = () => void show(new Request(location.href), false);
  // document.open() removes a document's (and its window's) listeners: they are added again after each page
  // (the same function twice is one listener, where a browser keeps them).
  const listen = () => {
    document.addEventListener('click', onClick);
    document.addEventListener('submit', onSubmit);
    window.addEventListener('popstate', onPopState);
  };
  await show(new Request(location.href), false);
  return runtime;
}
