// DateTimeField's SQLite text: parsed and written by hand (fields.ts), it must
// agree with the Date string parser and toISOString() it stands in for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { formatSqliteDateTime, parseSqliteDateTime } from '../../src/db/models/fields';

const native = (v: string) => new Date(`${v.replace(' ', 'T')}Z`);
const same = (v: string) => {
  const got = parseSqliteDateTime(v)!.getTime();
  const want = native(v).getTime();
  return Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));
};
const pad = (n: number, w: number) => String(n).padStart(w, '0');

test('parseSqliteDateTime reads Django\'s SQLite text as the Date parser does, whatever the fraction\'s length', () => {
  for (const v of ['2026-12-10 04:03:49.382', '2026-12-10 04:03:49', '2026-12-10 04:03:49.382123', '2026-12-10 04:03:49.3', '0001-01-01 00:00:00', '0050-06-15 12:00:00.5', '9999-12-31 23:59:59.999999', '0000-02-29 00:00:00', '0000-02-30 12:00:00', '0004-02-29 00:00:00', '0001-02-29 00:00:00'])
    assert.is(parseSqliteDateTime(v)!.getTime(), native(v).getTime(), v);
  assert.is(parseSqliteDateTime(null), null);
});

test('parseSqliteDateTime agrees with the Date parser on generated values, in range and out of it', () => {
  const field = (max: number, w: number) => fc.integer({ min: 0, max }).map((n) => pad(n, w));
  fc.assert(
    fc.property(field(9999, 4), field(14, 2), field(33, 2), field(25, 2), field(61, 2), field(61, 2), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)), (y, mo, d, h, mi, s, frac) =>
      same(`${y}-${mo}-${d} ${h}:${mi}:${s}${frac === null ? '' : `.${frac}`}`),
    ),
    { numRuns: 3000 },
  );
});

test('parseSqliteDateTime hands any other layout to the Date parser: malformed and hostile text gives what it gives', () => {
  for (const v of ['', 'garbage', '2026-12-10', '2026-12-10 04:03', '2026-12-10T04:03:49', '2026-12-10 04:03:49.', '2026-12-10 04:03:49+00:00', '2026-1a-10 04:03:49', '2026-12-10 24:00:00', '+12026-12-10 04:03:49', '２０２６-12-10 04:03:49', 'x'.repeat(100_000)])
    assert.ok(same(v), JSON.stringify(v.slice(0, 40)));
  fc.assert(fc.property(fc.string({ maxLength: 40 }), (v) => same(v)), { numRuns: 2000 });
});

test('formatSqliteDateTime writes toISOString()\'s digits in Django\'s layout, and round-trips through the parser', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date(Date.UTC(-5000, 0, 1)), max: new Date(Date.UTC(12000, 0, 1)), noInvalidDate: true }), (d) => {
      const text = formatSqliteDateTime(d);
      const iso = d.toISOString();
      assert.is(text, iso.replace('T', ' ').replace('Z', ''));
      if (iso.length === 24) assert.is(parseSqliteDateTime(text)!.getTime(), d.getTime());
    }),
    { numRuns: 3000 },
  );
});

test.run();
