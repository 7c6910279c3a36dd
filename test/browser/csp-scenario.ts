/**
 * What the Content-Security-Policy test runs, in Chromium under a policy
 * that refuses generated code and in Node: templates in the default
 * (adaptive) mode rendered until they would be compiled, and URLs resolved
 * through routes whose captures have generated builders.
 */
import { Engine, path, resolve } from '../../dist/index.js';

const view = (name: string) => Object.defineProperty(() => null, 'name', { value: name });

const urls = [
  path('articles/<int:year>/<slug:slug>/', view('article')),
  path('n/<int:id>/', view('int')),
  path('u/<uuid:id>/<path:rest>', view('uuid')),
];

const engine = new Engine({
  templates: {
    'base.html': '<h1>{% block title %}Base{% endblock %}</h1>{% block body %}{% endblock %}',
    'list.html': '{% extends "base.html" %}{% block title %}{{ title|upper }}{% endblock %}{% block body %}{% for a in items %}<p>{{ forloop.counter }}. {{ a.name|default:"?" }}</p>{% empty %}none{% endfor %}{% endblock %}',
  },
});

export interface CspResult {
  renders: string[];
  resolved: unknown[];
}

export function runCspScenario(): CspResult {
  const renders: string[] = [];
  const list = engine.getTemplate('list.html');
  // The first render is interpreted, the later ones would run generated code.
  for (let i = 0; i < 3; i++) renders.push(list.render({ title: `<i>${i}</i>`, items: [{ name: 'a&b' }, { name: '' }] }));
  renders.push(engine.fromString('{{ x }}').render({ x: 1 }), engine.fromString('{{ x }}').render({ x: 2 }));
  const resolved = ['/articles/2024/hello/', '/n/99999999999999999999/', '/u/075194d3-6885-417e-a8a8-6c931e272f00/a/b'].map((p) => {
    try {
      const m = resolve(p, urls);
      return [m.func.name, m.kwargs];
    } catch (error) {
      return (error as Error).name;
    }
  });
  return { renders, resolved };
}
