/**
 * The page of the Content-Security-Policy test: runs csp-scenario.ts and
 * leaves the answer and the policy violations it caused in `globalThis.__csp`.
 */
import { runCspScenario, type CspResult } from './csp-scenario';

export type CspAnswer = { ok: true; result: CspResult; violations: string[]; probe: string } | { ok: false; error: string; violations: string[] };

declare global {
  var __csp: CspAnswer | undefined;
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

try {
  const result = runCspScenario();
  // After the scenario: does the policy refuse generated code in this page? (One more violation.)
  let probe = 'allowed';
  try {
    new Function('return 1');
  } catch (error) {
    probe = (error as Error).name;
  }
  // Violation events are dispatched asynchronously: let them arrive.
  setTimeout(() => (globalThis.__csp = { ok: true, result, violations, probe }), 200);
} catch (error) {
  globalThis.__csp = { ok: false, error: error instanceof Error ? `${error.stack ?? error.message}` : String(error), violations };
}
