/**
 * only() / defer() (Django's `deferred_loading` and `get_select_mask`).
 *
 * A QuerySet keeps the names its chain gave, as Django does: field paths
 * ('title', 'author__name') and whether they are the fields deferred
 * (defer()) or the only ones loaded (only()). `chainOnly` and `chainDefer`
 * combine a call with what the chain already holds (Django's
 * add_immediate_loading / add_deferred_loading, quirks included). When the
 * SELECT is planned, `selectMask` turns the names into a tree: for one model,
 * the fields it loads, each relation with the mask of its target, which a
 * selectRelated() join then applies to the joined model.
 *
 * @example
 * // Post.objects.selectRelated('author').only('title', 'author__name')
 * // Post:   { id, title, author: { id, name } } — author_id stays, the join needs it
 */
import { FieldError } from '../../core/exceptions';
import { type Field, ForeignKey } from '../models/fields';
import type { Options } from '../models/options';
import { relationHops } from './resolve';

/** only()/defer() names: field paths, deferred (defer()) or the only ones loaded (only()). */
export interface DeferredLoading {
  readonly names: readonly string[];
  readonly defer: boolean;
}

/**
 * The fields one model loads, each with the mask of its target (forward
 * foreign keys); empty means every field (no only()/defer() reached it).
 */
export type SelectMask = Map<Field, SelectMask>;

/** only(...names) after `existing`: replaces an only() set; after defer(), the deferred names stay out. */
export function chainOnly(existing: DeferredLoading | undefined, names: readonly string[]): DeferredLoading {
  const set = new Set(names);
  if (existing?.defer) for (const n of existing.names) set.delete(n);
  return { names: [...set], defer: false };
}

/**
 * defer(...names) after `existing`: adds to the deferred names; after only(),
 * takes the names out of the only() set, and when none is left, defers the
 * names only() did not name (Django's add_deferred_loading).
 */
export function chainDefer(existing: DeferredLoading | undefined, names: readonly string[]): DeferredLoading | undefined {
  if (!existing) return { names: names.length === 1 ? names : [...new Set(names)], defer: true }; // the usual call: defer('body')
  if (existing.defer) return { names: [...new Set([...existing.names, ...names])], defer: true };
  const drop = new Set(names);
  const left = existing.names.filter((n) => !drop.has(n));
  if (left.length) return { names: left, defer: false };
  const before = new Set(existing.names);
  const rest = [...drop].filter((n) => !before.has(n));
  return rest.length ? { names: rest, defer: true } : undefined;
}

/** What a name of a path is on a model. */
type Step =
  | { readonly kind: 'field'; readonly field: Field }
  | { readonly kind: 'fk'; readonly field: ForeignKey; readonly target: Options }
  | { readonly kind: 'many'; readonly target: Options };

// A name in an only()/defer() path: a field, `pk`, a foreign key's attname
// (`author_id`), a many-to-many or a reverse relation (Django's get_field).
function step(opts: Options, name: string, path: string, method: string): Step {
  let f = name === 'pk' ? opts.pk : opts.fieldsByName.get(name);
  if (!f && name.endsWith('_id')) {
    const fk = opts.fieldsByName.get(name.slice(0, -3));
    if (fk instanceof ForeignKey) f = fk;
  }
  if (f instanceof ForeignKey) return { kind: 'fk', field: f, target: opts.target(f) };
  if (f) return { kind: 'field', field: f };
  const hops = relationHops(opts, name);
  if (hops) return { kind: 'many', target: hops[hops.length - 1]!.to };
  const where = path === name ? '' : ` (in ${method}('${path}'))`;
  throw new FieldError(`${opts.model?.name ?? opts.label} has no field named '${name}'${where}`);
}

type Tree = Map<string, Tree>;

/** Paths as a tree of names: ['a', 'b__c', 'b__d'] -> { a: {}, b: { c: {}, d: {} } }. */
function tree(names: readonly string[]): Tree {
  const root: Tree = new Map();
  for (const n of names) {
    let t = root;
    for (const part of n.split('__')) {
      let sub = t.get(part);
      if (!sub) t.set(part, (sub = new Map()));
      t = sub;
    }
  }
  return root;
}

/**
 * Checks every path of `names` on `opts` (the error names the path and the
 * model where it goes wrong); only() and defer() call it, so a bad name fails
 * where it was written.
 */
export function checkPaths(opts: Options, names: readonly string[], method: 'only' | 'defer'): void {
  for (const path of names) {
    if (typeof path !== 'string' || path === '') throw new FieldError(`${method}() takes field names (got ${JSON.stringify(path) ?? String(path)}).`);
    if (!path.includes('__')) {
      step(opts, path, path, method);
      continue;
    }
    let o = opts;
    const parts = path.split('__');
    for (let i = 0; i < parts.length; i++) {
      const s = step(o, parts[i]!, path, method);
      if (i === parts.length - 1) break;
      if (s.kind === 'field') {
        throw new FieldError(`${o.model?.name ?? o.label}.${s.field.name} is not a relation: ${method}('${path}') cannot follow it to '${parts.slice(i + 1).join('__')}'.`);
      }
      o = s.target;
    }
  }
}

/**
 * The mask of `deferred` for `opts` (Django's get_select_mask), or null when
 * every field is loaded. Many-to-many and reverse relations in a path load
 * nothing more, as in Django (no join follows them); their names were checked.
 */
export function selectMask(opts: Options, deferred: DeferredLoading | undefined): SelectMask | null {
  if (!deferred || deferred.names.length === 0) return null;
  const t = tree(deferred.names);
  return deferred.defer ? deferMask(opts, t) : onlyMask(opts, t, new Map());
}

function onlyMask(opts: Options, t: Tree, mask: SelectMask): SelectMask {
  if (!mask.has(opts.pk)) mask.set(opts.pk, new Map());
  for (const [name, sub] of t) {
    const s = step(opts, name, name, 'only');
    if (s.kind === 'many') continue;
    let m = mask.get(s.field);
    if (!m) mask.set(s.field, (m = new Map()));
    if (sub.size && s.kind === 'fk') onlyMask(s.target, sub, m);
  }
  return mask;
}

function deferMask(opts: Options, t: Tree): SelectMask {
  const mask: SelectMask = new Map([[opts.pk, new Map()]]);
  for (const f of opts.fields) {
    const sub = t.get(f.name) ?? (f instanceof ForeignKey ? t.get(`${f.name}_id`) : undefined);
    if (sub === undefined) {
      if (!mask.has(f)) mask.set(f, new Map());
    } else if (sub.size && f instanceof ForeignKey) mask.set(f, deferMask(opts.target(f), sub));
    // else: deferred (the primary key, always loaded, is already in)
  }
  return mask;
}

/** The fields `mask` loads of `opts`, in declaration order (all of them for no mask). */
export function maskedFields(opts: Options, mask: SelectMask | null): readonly Field[] {
  return mask === null || mask.size === 0 ? opts.fields : opts.fields.filter((f) => mask.has(f));
}

/**
 * The mask of a relation a selectRelated() join follows from a model loaded
 * with `mask`; a relation only()/defer() left out cannot be joined (Django's
 * select_related_descend).
 */
export function relatedMask(opts: Options, mask: SelectMask | null, f: ForeignKey): SelectMask | null {
  if (mask === null || mask.size === 0) return null;
  const m = mask.get(f);
  if (m === undefined) {
    throw new FieldError(`Field ${opts.model?.name ?? opts.label}.${f.name} cannot be both deferred and traversed using select_related at the same time.`);
  }
  return m.size ? m : null;
}
