// Python's pprint.pformat (the pprint filter, {% debug %}) and the debug tag's output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { settings } from '../../src/conf/settings';
import { Engine, Library } from '../../src/template/index';
import { pformat } from '../../src/template/pformat';

test('short values print as their repr, dictionaries sorted by key', () => {
  assert.is(pformat({ b: 1, a: [1, 'x'], c: null }), "{'a': [1, 'x'], 'b': 1, 'c': None}");
  assert.is(pformat(new Map<unknown, unknown>([[2, 'b'], [1, 'a']])), "{1: 'a', 2: 'b'}");
  assert.is(pformat('it\'s'), '"it\'s"');
});

test('long values wrap as pprint does: one item per line, nested indentation', () => {
  const d: Record<string, unknown> = {};
  for (let i = 0; i < 8; i++) d[`key${i}`] = `value number ${i}`;
  assert.is(
    pformat(d),
    "{'key0': 'value number 0',\n 'key1': 'value number 1',\n 'key2': 'value number 2',\n 'key3': 'value number 3',\n" +
      " 'key4': 'value number 4',\n 'key5': 'value number 5',\n 'key6': 'value number 6',\n 'key7': 'value number 7'}",
  );
  const list = Array.from({ length: 30 }, (_, i) => i * 1000);
  assert.is(pformat({ numbers: list }).split('\n')[1], '             1000,');
  assert.is(pformat(['x'.repeat(40), 'y'.repeat(40)]), `['${'x'.repeat(40)}',\n '${'y'.repeat(40)}']`);
});

test('a long string splits after whitespace into adjacent literals', () => {
  const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
  assert.is(pformat(words), "('word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 '\n 'word12 word13 word14 word15 word16 word17 word18 word19')");
});

test('{% debug %} with settings.DEBUG: each context dictionary innermost first, escaped, then the modules', () => {
  const s = settings as unknown as Record<string, unknown>;
  s.DEBUG = true;
  try {
    for (const mode of ['compiled', 'interpreted'] as const) {
      const engine = new Engine({ mode, libraries: { mine: new Library() } });
      const out = engine.fromString('{% with w=1 %}{% debug %}{% endwith %}').render({ v: '<x>' });
      const [contexts, modules] = out.split('\n\n');
      assert.is(contexts, "{&#x27;w&#x27;: 1}{&#x27;v&#x27;: &#x27;&lt;x&gt;&#x27;}{&#x27;False&#x27;: False, &#x27;None&#x27;: None, &#x27;True&#x27;: True}", mode);
      assert.is(modules, "{&#x27;manouche.template.defaultfilters&#x27;: &lt;module &#x27;manouche.template.defaultfilters&#x27;&gt;,\n &#x27;manouche.template.defaulttags&#x27;: &lt;module &#x27;manouche.template.defaulttags&#x27;&gt;,\n &#x27;manouche.template.loader_tags&#x27;: &lt;module &#x27;manouche.template.loader_tags&#x27;&gt;,\n &#x27;mine&#x27;: &lt;module &#x27;mine&#x27;&gt;}");
    }
  } finally {
    delete s.DEBUG;
  }
});

test('the pprint filter pretty-prints', () => {
  assert.is(new Engine({ autoescape: false }).fromString('{{ v|pprint }}').render({ v: { b: [1, 2], a: 'x' } }), "{'a': 'x', 'b': [1, 2]}");
});

test.run();
