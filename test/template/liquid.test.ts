// The Liquid backend behind the same interface as the DTL Engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Liquid } from 'liquidjs';
import { Engine, LiquidBackend, TemplateDoesNotExist, TemplateSyntaxError, type TemplateBackend } from '../../src/template/index';

const liquid = new Liquid({ templates: { 'hi.liquid': 'Hi {{ name }}{% if user %} ({{ user }}){% endif %}', 'base.liquid': '[{% block b %}{% endblock %}]', 'child.liquid': '{% layout "base.liquid" %}{% block b %}{{ x | upcase }}{% endblock %}' }, outputEscape: 'escape' });

test('renders Liquid templates with escaping, layouts and context processors', () => {
  const backend = new LiquidBackend(liquid, [() => ({ user: 'anon' })]);
  assert.is(backend.renderToString('hi.liquid', { name: '<Ada>' }), 'Hi &lt;Ada&gt;');
  assert.is(backend.renderToString('hi.liquid', { name: 'Ada' }, {}), 'Hi Ada (anon)');
  assert.is(backend.renderToString('hi.liquid', { name: 'Ada', user: 'me' }, {}), 'Hi Ada (me)');
  assert.is(backend.getTemplate('child.liquid').render({ x: 'a<' }), '[A&lt;]');
  assert.is(backend.fromString('{{ 1 | plus: 2 }}').render(), '3');
});

test('errors are the DTL backend’s exceptions', () => {
  const backend = new LiquidBackend(liquid);
  assert.throws(() => backend.getTemplate('nope.liquid'), (e: unknown) => e instanceof TemplateDoesNotExist);
  assert.throws(() => backend.fromString('{% if %}'), (e: unknown) => e instanceof TemplateSyntaxError);
});

test('both backends satisfy one interface', () => {
  const backends: TemplateBackend[] = [new Engine({ templates: { t: '{{ a }}' } }), new LiquidBackend(new Liquid({ templates: { t: '{{ a }}' }, outputEscape: 'escape' }))];
  for (const b of backends) assert.is(b.renderToString('t', { a: '<' }), '&lt;');
});

test.run();
