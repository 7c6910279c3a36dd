// contextNames(): the names a template may read before it renders
// (src/template/references.ts), which decide whether the auth context
// processor reads the user and the permissions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../src/template/engine';
import { Library } from '../../src/template/library';
import { contextNames } from '../../src/template/references';

const lib = new Library()
  .simpleTag('plain', (x: unknown) => String(x))
  .simpleTag('whole', (ctx: { get(n: string): unknown }) => String(ctx.get('user')), { takesContext: true })
  // A block-less custom node that reads `user` in its render and says nothing about it.
  .tag('greet', () => ({ render: (ctx: { get(n: string): unknown }) => (ctx.get('user') ? 'hi' : '') }))
  // The same that lists what it evaluates.
  .tag('shout', (parser, token) => {
    const expr = parser.compileStandalone(token.contents.split(' ')[1]!);
    return { render: (ctx) => String(expr.resolve(ctx)).toUpperCase(), expressions: () => [expr] };
  });

const engine = new Engine({
  libraries: { extra: lib },
  templates: {
    'base.html': '<nav>{% block nav %}{{ user.username }}{% endblock %}</nav>{% block body %}{% endblock %}',
    'child.html': '{% extends "base.html" %}{% block body %}{{ title }}{% endblock %}',
    'includer.html': 'a{% include "part.html" %}',
    'part.html': '{% if perms.polls.add_choice %}x{% endif %}',
    'dynamic.html': '{% include name %}',
    'dynamic-parent.html': '{% extends parent %}',
    'loop-a.html': '{% include "loop-b.html" %}{{ a }}',
    'loop-b.html': '{% if flag %}{% include "loop-a.html" %}{% endif %}',
  },
});

const names = (source: string) => {
  const n = contextNames(engine.fromString(source));
  return n === null ? null : [...n].sort();
};

test('the first part of every variable, filter argument and tag argument is a name', () => {
  assert.equal(names('{{ a.b.c }}{{ d|default:e.f }}{% if g and not h.i %}{% for x in j %}{{ x }}{% endfor %}{% endif %}{% with k=l %}{% endwith %}'), ['a', 'd', 'e', 'g', 'h', 'j', 'l', 'x']);
  assert.equal(names('plain text, {# user #} no variables'), []);
  assert.equal(names('{{ "user" }}{{ 3 }}'), [], 'literals are no names');
});

test('a parent named by a constant contributes its names', () => {
  assert.equal([...contextNames(engine.getTemplate('child.html'))!].sort(), ['title', 'user']);
});

test('an included template named by a constant contributes its names', () => {
  assert.equal([...contextNames(engine.getTemplate('includer.html'))!].sort(), ['perms']);
});

test('includes that include each other are walked once', () => {
  assert.equal([...contextNames(engine.getTemplate('loop-a.html'))!].sort(), ['a', 'flag']);
});

test('a parent or include named by a variable, {% debug %} and a takesContext tag make the answer "any name" (null)', () => {
  assert.is(contextNames(engine.getTemplate('dynamic.html')), null);
  assert.is(contextNames(engine.getTemplate('dynamic-parent.html')), null);
  assert.is(names('{% debug %}'), null);
  assert.is(names('{% load extra %}{% whole %}'), null);
  assert.equal(names('{% load extra %}{% plain who %}'), ['who'], 'a tag without the context reads its arguments only');
  assert.is(names('{% include "missing.html" %}'), null, 'a template no loader has: cannot tell');
});

test('a custom node is "any name" unless it lists its expressions; the built-in tags without variables are not', () => {
  assert.is(names('{% load extra %}{% greet %}'), null, 'a Library.tag() node without expressions() may read anything');
  assert.equal(names('{% load extra %}{% shout who %}'), ['who']);
  assert.equal(names('{% csrf_token %}{% now "Y" %}{% load extra %}{% spaceless %}<b>{{ a }}</b>{% endspaceless %}{% autoescape off %}{{ b }}{% endautoescape %}{% cycle "x" "y" as c %}{% resetcycle c %}{% block z %}{% endblock %}'), ['a', 'b']);
  assert.equal(names('{% filter default:user.username %}{% endfilter %}'), ['user', 'var'], "a filter tag's arguments count (and the pushed `var`)");
});

test.run();
