/** Shared assertions for the forms suites. */
import * as assert from 'uvu/assert';
import { ValidationError } from '../../src/core/exceptions';

/** Asserts that `fn` throws a ValidationError with exactly `messages` (and `code` when given). */
export function raises(fn: () => unknown, messages: string[] | string, code?: string): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    assert.equal(e.messages, typeof messages === 'string' ? [messages] : messages);
    if (code !== undefined) assert.is(e.errorList[0].code, code);
    return;
  }
  assert.unreachable(`expected ValidationError ${JSON.stringify(messages)}`);
}

/** Django's assertHTMLEqual, simplified: whitespace between tags and runs of whitespace do not count. */
export function html(s: string): string {
  return s.replace(/>\s+</g, '><').replace(/\s+/g, ' ').replace(/>\s+/g, '>').replace(/\s+</g, '<').trim();
}
