/**
 * A plain, obviously-correct resolver for differential tests: Django's
 * algorithm written out directly (a regex per level, tried in order, an
 * include's prefix matched once), independent of src/urls.
 */
export type RefNode = { route: string; view?: string; children?: RefNode[] };
export type RefMatch = { view: string; kwargs: Record<string, unknown> } | null;

const REGEX: Record<string, string> = {
  int: '[0-9]+',
  str: '[^/]+',
  slug: '[-a-zA-Z0-9_]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  path: '[^\\n]+',
};

function compile(route: string, endpoint: boolean): { regex: RegExp; ints: Set<string> } {
  let source = '^';
  const ints = new Set<string>();
  let rest = route;
  for (;;) {
    const m = /<(?:(\w+):)?(\w+)>/.exec(rest);
    if (!m) break;
    source += rest.slice(0, m.index).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const conv = m[1] ?? 'str';
    if (conv === 'int') ints.add(m[2]);
    source += `(?<${m[2]}>${REGEX[conv]})`;
    rest = rest.slice(m.index + m[0].length);
  }
  source += rest.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // 'u': match code points, as Python's str regexes do.
  return { regex: new RegExp(endpoint ? source + '$' : source, 'u'), ints };
}

function matchLevel(route: string, endpoint: boolean, text: string): { rest: string; kwargs: Record<string, unknown> } | null {
  const { regex, ints } = compile(route, endpoint);
  const m = regex.exec(text);
  if (!m) return null;
  const kwargs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(m.groups ?? {})) {
    if (ints.has(name)) {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) return null;
      kwargs[name] = n;
    } else kwargs[name] = value;
  }
  return { rest: text.slice(m[0].length), kwargs };
}

function walk(nodes: RefNode[], text: string): RefMatch {
  for (const node of nodes) {
    const m = matchLevel(node.route, node.children === undefined, text);
    if (!m) continue;
    if (node.children === undefined) return { view: node.view!, kwargs: m.kwargs };
    const sub = walk(node.children, m.rest);
    if (sub) return { view: sub.view, kwargs: { ...m.kwargs, ...sub.kwargs } };
  }
  return null;
}

export function referenceResolve(nodes: RefNode[], path: string): RefMatch {
  if (!path.startsWith('/')) return null;
  return walk(nodes, path.slice(1));
}
