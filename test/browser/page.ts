/**
 * The page of the browser smoke test, bundled by esbuild: it runs the same
 * scenario as Node and leaves the answer in `globalThis.__smoke`.
 */
import { resolve } from '../../dist/index.js';
import { runScenario, urlpatterns, type ScenarioResult } from './scenario';

export type PageAnswer =
  | { ok: true; scenario: ScenarioResult; location: { pathname: string; viewName: string; kwargs: Record<string, unknown> } }
  | { ok: false; error: string };

declare global {
  var __smoke: PageAnswer | undefined;
}

try {
  // The browser's own URL: the page is served at a percent-encoded path.
  // Django resolves the decoded path, so does this.
  const match = resolve(decodeURIComponent(location.pathname), urlpatterns);
  globalThis.__smoke = {
    ok: true,
    scenario: runScenario(),
    location: { pathname: location.pathname, viewName: match.viewName, kwargs: match.kwargs },
  };
} catch (error) {
  globalThis.__smoke = { ok: false, error: error instanceof Error ? `${error.stack ?? error.message}` : String(error) };
}
