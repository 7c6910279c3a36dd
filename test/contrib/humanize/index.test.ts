// Django's humanize_tests, through the template library and the functions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apnumber, humanizeLibrary, intcomma, intword, naturalday, naturaltime, ordinal } from '../../../src/contrib/humanize/index';
import { Engine } from '../../../src/template/engine';
import { builtinFilters } from '../../../src/template/defaultfilters';

const engine = new Engine({ libraries: { humanize: humanizeLibrary } });
const render = (filter: string, value: unknown) => engine.fromString(`{% load humanize %}{{ v|${filter} }}`).render({ v: value });
function each(filter: string, values: readonly unknown[], expected: readonly string[]) {
  values.forEach((v, i) => assert.is(render(filter, v), expected[i], `${filter}(${String(v)})`));
}

test('ordinal: 1st 2nd 3rd 4th, 11th-13th, 101st…; text and None unchanged; negatives plain', () => {
  each('ordinal', ['1', '2', '3', '4', '11', '12', '13', '101', '102', '103', '111', 'something else', null, -1, 21], ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '101st', '102nd', '103rd', '111th', 'something else', 'None', '-1', '21st']);
});

test('intcomma: groups of three for numbers and numeric text, the leading integer of other text', () => {
  each(
    'intcomma',
    [100, 1000, 10123, 10311, 1000000, 1234567.25, '100', '1000', '10123', '10311', '1000000', '1234567.1234567', null, -1234567, '-1234.5', 'ab1234', 1e-7],
    ['100', '1,000', '10,123', '10,311', '1,000,000', '1,234,567.25', '100', '1,000', '10,123', '10,311', '1,000,000', '1,234,567.1234567', 'None', '-1,234,567', '-1,234.5', 'ab1234', '1e-7'],
  );
  assert.is(intcomma(`${'9'.repeat(40)}`), '9,999,999,999,999,999,999,999,999,999,999,999,999,999');
});

test('intword: million to decillion and googol, negatives too; below a million or past a googol unchanged', () => {
  const positive = ['100', '1000000', '1200000', '1290000', '1000000000', '2000000000', '6000000000000', '1300000000000000', '3500000000000000000000', '8100000000000000000000000000000000', `1${'0'.repeat(100)}`, `1${'0'.repeat(104)}`];
  const words = ['100', '1.0 million', '1.2 million', '1.3 million', '1.0 billion', '2.0 billion', '6.0 trillion', '1.3 quadrillion', '3.5 sextillion', '8.1 decillion', '1.0 googol', `1${'0'.repeat(104)}`];
  each('intword', positive, words);
  each('intword', positive.map((p) => `-${p}`), words.map((w) => `-${w}`));
  each('intword', [null, 'not a number', 1.5e6], ['None', 'not a number', '1.5 million']);
});

test('apnumber: one to nine in words, other integers as they are', () => {
  each('apnumber', [...Array.from({ length: 10 }, (_, i) => String(i + 1)), null, '0', 'x'], ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', '10', 'None', '0', 'x']);
});

test('naturalday: today, yesterday, tomorrow; other dates through the date filter; non-dates unchanged', () => {
  const day = 86_400_000;
  const now = Date.now();
  const someday = new Date(now - 10 * day);
  const date = builtinFilters.get('date')!.fn;
  each('naturalday', [new Date(now), new Date(now - day), new Date(now + day), someday, "I'm not a date value", null], ['today', 'yesterday', 'tomorrow', String(date(someday)), 'I&#x27;m not a date value', 'None']);
  assert.is(engine.fromString('{% load humanize %}{{ v|naturalday:"Y-m-d" }}').render({ v: new Date(Date.UTC(2001, 0, 2, 12)) }), '2001-01-02');
  assert.is(naturalday(new Date(Number.NaN)) instanceof Date, true);
});

test("naturaltime: Django's list, from a fixed now", () => {
  const now = new Date(Date.UTC(2012, 2, 9, 22, 30));
  const at = (ms: number) => new Date(now.getTime() + ms);
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: Array<[unknown, string]> = [
    ['test', 'test'],
    [now, 'now'],
    [at(-0.5), 'now'],
    [at(-1 * s), 'a second ago'],
    [at(-30 * s), '30\u00a0seconds ago'],
    [at(-(m + 30 * s)), 'a minute ago'],
    [at(-2 * m), '2\u00a0minutes ago'],
    [at(-(h + 30 * m + 30 * s)), 'an hour ago'],
    [at(-(23 * h + 50 * m + 50 * s)), '23\u00a0hours ago'],
    [at(-d), '1\u00a0day ago'],
    [at(-500 * d), '1\u00a0year, 4\u00a0months ago'],
    [at(s), 'a second from now'],
    [at(30 * s), '30\u00a0seconds from now'],
    [at(m + 30 * s), 'a minute from now'],
    [at(2 * m), '2\u00a0minutes from now'],
    [at(h + 30 * m + 30 * s), 'an hour from now'],
    [at(23 * h + 50 * m + 50 * s), '23\u00a0hours from now'],
    [at(d), '1\u00a0day from now'],
    [at(2 * d + 6 * h), '2\u00a0days, 6\u00a0hours from now'],
    [at(500 * d), '1\u00a0year, 4\u00a0months from now'],
  ];
  for (const [value, expected] of cases) assert.is(naturaltime(value, now), expected, String(value));
  // through the template, against the clock
  assert.is(render('naturaltime', new Date(Date.now() - 90_000)), 'a minute ago');
});

test('bad input: huge, hostile and odd values answer without throwing', () => {
  const huge = `${'9'.repeat(5000)}1`;
  assert.is(String(ordinal(huge)), `${huge}st`, 'a 5,001-digit number');
  assert.is(String(intword(huge)), huge);
  assert.is(String(ordinal('1_000')), '1000th');
  assert.is(intword(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
  assert.is(intword('<script>'), '<script>');
  assert.is(render('intword', '<script>'), '&lt;script&gt;');
  assert.is(render('intcomma', '<b>1000</b>'), '&lt;b&gt;1000&lt;/b&gt;');
  assert.ok(Number.isNaN(apnumber(Number.NaN)));
  assert.is(intcomma(Number.NaN), 'NaN');
  const notADate = { getTime: () => 0 };
  assert.is(naturaltime(notADate), notADate);
});

test("the built package serves it at 'manouche/contrib/humanize'", async () => {
  const specifier = 'manouche/contrib/humanize'; // the package's own export map, after npm run build
  const built = (await import(specifier)) as { humanizeLibrary: typeof humanizeLibrary };
  const e = new Engine({ libraries: { humanize: built.humanizeLibrary } });
  assert.is(e.fromString('{% load humanize %}{{ 4500000|intword }} {{ 4500000|intcomma }} {{ 3|ordinal }}').render({}), '4.5 million 4,500,000 3rd');
});

test.run();
