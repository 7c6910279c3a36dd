// Shared harness: a table of Django template tests (name, templates,
// context, expected output or error), run through both render modes.
import * as assert from 'uvu/assert';
import { Engine, Library, TemplateSyntaxError, type EngineOptions } from '../../src/template/index';

export type Expected = string | [string, string] | typeof TemplateSyntaxError | (new (...a: any[]) => Error);

/** A Django test: templates by name (the first is rendered), context, expected output. */
export interface Case {
  name: string;
  templates: Record<string, string> | string;
  context?: Record<string, unknown>;
  /** Output, or [output, output with string_if_invalid "INVALID"], or an error class. */
  expected: Expected;
  options?: EngineOptions;
}

/** Django's template_tests.utils.SomeException: its silent_variable_failure makes a lookup string_if_invalid. */
export class SomeException extends Error {
  silentVariableFailure = true;
}

/** Django's SomeOtherException: an ordinary error, which propagates. */
export class SomeOtherException extends Error {}

export class SomeClass {
  otherclass = new OtherClass();
  method3(): never {
    throw new SomeException('method3');
  }
  method4(): never {
    throw new SomeOtherException('method4');
  }
  /** Python's __getitem__, tried first by lookups. */
  __getitem__(key: string): unknown {
    if (key === 'silent_fail_key') throw new SomeException('silent_fail_key');
    if (key === 'noisy_fail_key') throw new SomeOtherException('noisy_fail_key');
    return undefined; // KeyError: the lookup goes on to attributes
  }
  get silent_fail_attribute(): never {
    throw new SomeException('silent_fail_attribute');
  }
  get noisy_fail_attribute(): never {
    throw new SomeOtherException('noisy_fail_attribute');
  }
  method(): string {
    return 'SomeClass.method';
  }
  method2(o: unknown): unknown {
    return o;
  }
  get prop(): string {
    return 'prop';
  }
}

class OtherClass {
  method(): string {
    return 'OtherClass.method';
  }
}

export const custom = new Library()
  .filter('noop', (v) => v, { arg: 'optional' })
  .simpleTag('echo', (...args: unknown[]) => args.map(String).join(' '));

/** Renders one case in one mode and returns the output (or throws). */
export function render(c: Case, mode: 'compiled' | 'interpreted', stringIfInvalid = ''): string {
  const templates = typeof c.templates === 'string' ? { [c.name]: c.templates } : c.templates;
  const engine = new Engine({ templates, mode, stringIfInvalid, libraries: { custom }, ...c.options });
  const first = Object.keys(templates)[0];
  // A fresh dictionary per run, so that one mode cannot see what the other bound.
  return engine.getTemplate(first).render({ ...(c.context ?? {}) });
}

/** Asserts a case in both modes (and with string_if_invalid when the case gives that output). */
export function check(c: Case): void {
  for (const mode of ['compiled', 'interpreted'] as const) {
    const runs: [string, Expected][] = Array.isArray(c.expected)
      ? [
          ['', c.expected[0]],
          ['INVALID', c.expected[1]],
        ]
      : [['', c.expected]];
    for (const [sif, expected] of runs) {
      const label = `${c.name} (${mode}${sif ? ', string_if_invalid' : ''})`;
      if (typeof expected === 'function') {
        let thrown: unknown;
        try {
          render(c, mode, sif);
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof expected, `${label}: expected ${expected.name}, got ${String(thrown)}`);
      } else {
        let out: string;
        try {
          out = render(c, mode, sif);
        } catch (e) {
          throw new Error(`${label}: ${String(e)}`);
        }
        assert.is(out, expected as string, label);
      }
    }
  }
}
