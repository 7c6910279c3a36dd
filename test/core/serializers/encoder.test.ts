/** Django's JSON encoding rules (DjangoJSONEncoder and json.dumps separators) and durations. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dumps, durationString, encodeDate, parseDuration } from '../../../src/core/serializers/index';

test('datetimes are ISO 8601 in UTC with milliseconds only when not zero, as DjangoJSONEncoder', () => {
  assert.is(encodeDate(new Date('2024-05-06T07:08:09.123Z')), '2024-05-06T07:08:09.123Z');
  assert.is(encodeDate(new Date('2024-05-06T07:08:09Z')), '2024-05-06T07:08:09Z');
});

test("dumps uses Python's separators and keeps non-ASCII text", () => {
  assert.is(dumps({ a: [1, 'é', null, true], b: {} }), '{"a": [1, "é", null, true], "b": {}}');
  assert.is(dumps({ a: [1, 2], b: [] }, 2), '{\n  "a": [\n    1,\n    2\n  ],\n  "b": []\n}');
  assert.is(dumps(new Date('2020-01-01T00:00:00Z')), '"2020-01-01T00:00:00Z"');
  assert.is(dumps(12n), '"12"');
  assert.is(dumps(new Uint8Array([104, 105])), '"aGk="');
});

test("durations are written as Django's duration_string and read back, to the microsecond", () => {
  assert.is(durationString(90061001), '1 01:01:01.001000');
  assert.is(durationString(5000), '00:00:05');
  assert.is(durationString(-1500), '-00:00:01.500000');
  for (const ms of [0, 5000, 90061001, 0.001, 86_400_000 * 400 + 1]) assert.is(parseDuration(durationString(ms)), ms);
  assert.is(parseDuration('15'), 15000);
  assert.is(parseDuration('2 days, 1:00:00'), 2 * 86_400_000 + 3_600_000);
  assert.is(parseDuration('soon'), null);
});

test.run();
