/**
 * Resolving names against models: `question__pub_date__lt` becomes a chain
 * of relation hops, a final field and a lookup. Results are memoised per
 * model, so a repeated filter key costs one Map lookup.
 *
 * Errors follow Django: an unknown name is a FieldError listing the valid
 * choices; an unknown lookup is a FieldError naming the field type.
 */
import { FieldError } from '../../core/exceptions';
import { DateField, DateTimeField, type Field, ForeignKey, IntegerField } from '../models/fields';
import { Options, reverseQueryName } from '../models/options';
import { LOOKUPS, type LookupName, T_DATETIME, TRANSFORMS, type TransformName } from './wasm';

/** One step across a relation. */
export interface Hop {
  /** `fk`: forward ForeignKey; `reverse`: a ForeignKey of another model pointing back. */
  readonly reverse: boolean;
  readonly from: Options;
  readonly to: Options;
  readonly field: ForeignKey;
  /** The join may find no row (nullable FK, or a reverse relation). */
  readonly nullable: boolean;
  /** Column on the `from` side and on the `to` side of the ON clause. */
  readonly fromColumn: string;
  readonly toColumn: string;
  /** On the first hop of a many-to-many: the intermediate model's FK to the far side. */
  readonly far?: ForeignKey;
}

export interface Resolved {
  readonly hops: readonly Hop[];
  /** Joined path (hop names) that identifies the join chain: 'question__author'. */
  readonly joinKey: string;
  /** The field whose column is compared. */
  readonly field: Field;
  readonly column: string;
  /** The field that converts values (a FK's target field for a FK column). */
  readonly valueField: Field;
  /** The final name is a relation: instances are accepted as values. */
  readonly relation: Options | null;
  readonly lookup: LookupName;
  /** A date transform applied to the column (TRANSFORMS code, with T_DATETIME), or -1. */
  readonly transform: number;
}

const DATE_PARTS: readonly TransformName[] = ['year', 'month', 'day', 'week_day', 'quarter', 'date'];
const DATETIME_PARTS: readonly TransformName[] = [...DATE_PARTS, 'hour', 'minute', 'second'];
// Values compared with a transform are integers (a date for __date).
const INTEGER = new IntegerField();
const DATE = new DateField();

const LOOKUP_NAMES = Object.keys(LOOKUPS) as LookupName[];

/** The joins a relation name takes from `opts` (forward, reverse or many-to-many), or null for a plain field or no relation. */
export function relationHops(opts: Options, name: string): Hop[] | null {
  const f = opts.fieldsByName.get(name);
  if (f instanceof ForeignKey) {
    const to = opts.target(f);
    const target = opts.targetField(f);
    return [{ reverse: false, from: opts, to, field: f, nullable: f.null, fromColumn: f.column, toColumn: target.column }];
  }
  if (f) return null;
  const m2m = opts.manyToMany.find((m) => m.name === name);
  if (m2m) return manyHops(opts, opts.through(m2m), ...opts.throughFields(m2m));
  for (const rel of opts.relatedObjects()) {
    const queryName = reverseQueryName(rel.field, rel.model);
    if (queryName === name) {
      const target = rel.model.targetField(rel.field);
      return [{ reverse: true, from: opts, to: rel.model, field: rel.field, nullable: true, fromColumn: target.column, toColumn: rel.field.column }];
    }
  }
  for (const rel of opts.relatedManyToMany()) {
    const queryName = reverseQueryName(rel.field, rel.model);
    if (queryName === name) {
      const [src, dst] = rel.model.throughFields(rel.field);
      return manyHops(opts, rel.model.through(rel.field), dst, src);
    }
  }
  return null;
}

// Across a many-to-many: this table -> the intermediate table (by `near`, its
// FK to here) -> the other side (by `far`). Both may find no row.
function manyHops(opts: Options, through: Options, near: ForeignKey, far: ForeignKey): Hop[] {
  const to = through.target(far);
  return [
    { reverse: true, from: opts, to: through, field: near, nullable: true, fromColumn: through.targetField(near).column, toColumn: near.column, far },
    { reverse: false, from: through, to, field: far, nullable: true, fromColumn: far.column, toColumn: through.targetField(far).column },
  ];
}

function cannotResolve(opts: Options, name: string): FieldError {
  return new FieldError(`Cannot resolve keyword '${name}' into field. Choices are: ${opts.choiceNames().join(', ')}`);
}

/**
 * Resolves a filter key (`a__b__lookup`). With `allowLookup` false the whole
 * key must name a field (order_by, values, F()).
 */
export function resolveKey(opts: Options, key: string, allowLookup = true): Resolved {
  // two memos: filter keys (lookups allowed) and plain paths (order_by, values, F)
  const memo = allowLookup ? opts.lookupCache : opts.pathCache;
  const cached = memo.get(key) as Resolved | undefined;
  if (cached) return cached;
  const cacheKey = key;
  const parts = key.split('__');
  const hops: Hop[] = [];
  let cur = opts;
  let i = 0;
  let result: Resolved | null = null;
  for (; i < parts.length; i++) {
    const name = parts[i]!;
    const rest = parts.length - i - 1;
    const field = name === 'pk' ? cur.pk : cur.fieldsByName.get(name);
    if (field && !(field instanceof ForeignKey)) {
      result = finish(cur, hops, field, field.column, field, null, parts.slice(i + 1), key, allowLookup);
      break;
    }
    if (!field && name.endsWith('_id')) {
      const fk = cur.fieldsByName.get(name.slice(0, -3));
      if (fk instanceof ForeignKey) {
        result = finish(cur, hops, fk, fk.column, cur.targetField(fk), null, parts.slice(i + 1), key, allowLookup);
        break;
      }
    }
    const hs = relationHops(cur, name);
    if (!hs) throw cannotResolve(cur, name);
    const next = parts[i + 1];
    if (hs.length === 2) {
      const [near, far] = hs as [Hop, Hop];
      if (rest === 0 || (allowLookup && rest === 1 && isLookup(next!) && !far.to.fieldsByName.has(next!))) {
        // The relation compared as a whole: the intermediate table's column.
        hops.push(near);
        result = finish(near.to, hops, far.field, far.fromColumn, far.to.pk, far.to, parts.slice(i + 1), key, allowLookup);
        break;
      }
      hops.push(near, far);
      cur = far.to;
      continue;
    }
    const hop = hs[0]!;
    if (!hop.reverse && (rest === 0 || (allowLookup && rest === 1 && isLookup(next!) && !hop.to.fieldsByName.has(next!)))) {
      // The relation itself: compare its column, no join (Django trims it).
      result = finish(cur, hops, hop.field, hop.field.column, cur.targetField(hop.field), hop.to, parts.slice(i + 1), key, allowLookup);
      break;
    }
    if (!hop.reverse && rest >= 1) {
      // `fk__<target pk>` with nothing after it but a lookup: also no join.
      const tf = cur.targetField(hop.field);
      const nextIsTarget = next === tf.name || (next === 'pk' && tf === hop.to.pk);
      if (nextIsTarget && (rest === 1 || (allowLookup && rest === 2 && isLookup(parts[i + 2]!)))) {
        result = finish(cur, hops, hop.field, hop.field.column, tf, null, parts.slice(i + 2), key, allowLookup);
        break;
      }
    }
    if (hop.reverse && rest === 0) {
      // A reverse relation compared as a whole: its primary key.
      hops.push(hop);
      result = finish(hop.to, hops, hop.to.pk, hop.to.pk.column, hop.to.pk, hop.to, [], key, allowLookup);
      break;
    }
    if (hop.reverse && allowLookup && rest === 1 && isLookup(next!) && !hop.to.fieldsByName.has(next!)) {
      hops.push(hop);
      result = finish(hop.to, hops, hop.to.pk, hop.to.pk.column, hop.to.pk, hop.to, parts.slice(i + 1), key, allowLookup);
      break;
    }
    hops.push(hop);
    cur = hop.to;
  }
  if (!result) throw cannotResolve(cur, parts[parts.length - 1]!);
  memo.set(cacheKey, result);
  return result;
}

function isLookup(name: string): boolean {
  return name in LOOKUPS;
}

function finish(
  owner: Options,
  hops: Hop[],
  field: Field,
  column: string,
  valueField: Field,
  relation: Options | null,
  rest: string[],
  key: string,
  allowLookup: boolean,
): Resolved {
  let lookup: LookupName = 'exact';
  let transform = -1;
  const parts = field instanceof DateTimeField ? DATETIME_PARTS : field instanceof DateField ? DATE_PARTS : null;
  if (parts && rest.length > 0 && (parts as readonly string[]).includes(rest[0]!) && allowLookup) {
    const name = rest[0] as TransformName;
    transform = TRANSFORMS[name] | (field instanceof DateTimeField ? T_DATETIME : 0);
    valueField = name === 'date' ? DATE : INTEGER;
    rest = rest.slice(1);
  }
  if (rest.length > 0) {
    const name = rest[0]!;
    if (!allowLookup) {
      if (field instanceof ForeignKey || relation) throw cannotResolve(relation ?? owner, name);
      throw new FieldError(`Cannot resolve keyword '${name}' into field. Join on '${field.name}' not permitted.`);
    }
    if (rest.length > 1 || !isLookup(name)) {
      if (!(field instanceof ForeignKey) && !relation && rest.length === 1) {
        throw new FieldError(
          `Unsupported lookup '${name}' for ${field.type} or join on the field not permitted. ` +
            `Valid lookups: ${LOOKUP_NAMES.join(', ')}`,
        );
      }
      throw new FieldError(`Unsupported lookup '${rest.join('__')}' in '${key}' for ${field.type}. Valid lookups: ${LOOKUP_NAMES.join(', ')}`);
    }
    lookup = name as LookupName;
  }
  return {
    hops,
    joinKey: hops.map((h) => h.field.name + (h.reverse ? '<' : '')).join('__'),
    field,
    column,
    valueField,
    relation,
    lookup,
    transform,
  };
}

export { Options };
