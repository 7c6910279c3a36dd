import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { capfirst, describeValue } from '../../src/utils/text';

test('capfirst upper-cases the first character only, and leaves an empty string alone', () => {
  assert.is(capfirst('poll question'), 'Poll question');
  assert.is(capfirst(''), '');
});

test('describeValue names a wrong value for an error message by its kind, and a function or object by its name', () => {
  assert.is(describeValue(undefined), 'undefined');
  assert.is(describeValue(null), 'null');
  assert.is(describeValue('x'), 'a string');
  assert.is(describeValue(3), 'a number');
  assert.is(describeValue(function load() {}), 'the function load');
  assert.is(describeValue(new Map()), 'an object (Map)');
  assert.is(describeValue(Object.create(null)), 'an object (Object)');
});

test.run();
