/**
 * Row → instance: the reader of one model's columns, by position, from
 * `row[at]` on. One per model, dialect and column list, made once.
 *
 * The reader is generated (`new Function`): one function storing fixed keys
 * is several times cheaper than a loop of keyed stores, which the engine
 * cannot specialise because every model's names pass through the same store
 * (about 60 ns against 10 ns for six columns). Where `new Function` is
 * refused (a page whose Content-Security-Policy forbids it) the interpreted
 * loop does the same work; `test/db/hydrate.test.ts` compares the two.
 *
 * @example
 * // bench.Post on SQLite (generated):
 * // function Row(row, at) { this["id"] = row[at]; ... }  Row.prototype = P;
 * // function hydrate(row, at) { return new Row(row, at); }
 */
import { generatedFunction } from '../../utils/generated';
import type { Dialect } from '../backends/base';
import { type Field, ForeignKey } from '../models/fields';
import { Options } from '../models/options';
import { DEFERRED } from '../models/state';

export type Hydrate = (row: readonly unknown[], at: number) => any;

/** What a reader needs: the prototype, each column's attribute and converter, the fields left out. */
export interface HydrateSpec {
  readonly proto: object;
  readonly attnames: readonly string[];
  readonly convs: ReadonlyArray<((v: any) => unknown) | null>;
  /** Fields not loaded (only()/defer()), stored on the instance; null when all are. */
  readonly deferred: readonly string[] | null;
}

/** The reader as a loop (no generated code). */
export function interpretedHydrator(spec: HydrateSpec): Hydrate {
  const { proto, attnames, convs, deferred } = spec;
  return (row, at) => {
    const o: any = Object.create(proto);
    for (let i = 0; i < attnames.length; i++) {
      const v = row[at + i];
      const c = convs[i]!;
      o[attnames[i]!] = c === null || v === null ? v : c(v);
    }
    if (deferred) o[DEFERRED] = deferred;
    return o; // the prototype says ADDING = false
  };
}

/**
 * The reader as generated code, or null when `new Function` is refused. The
 * columns are stored by a constructor whose prototype is the model's: V8 sizes
 * its instances for exactly the stores it sees (Object.create's objects have
 * room for four properties in the object and put the rest in a second array).
 */
export function generatedHydrator(spec: HydrateSpec): Hydrate | null {
  const lines: string[] = [];
  spec.attnames.forEach((name, i) => {
    // names are quoted by JSON.stringify: any string is a safe key here
    const key = JSON.stringify(name);
    const at = i === 0 ? 'at' : `at + ${i}`;
    if (spec.convs[i] === null) lines.push(`this[${key}] = row[${at}];`);
    else lines.push(`{ const v = row[${at}]; this[${key}] = v === null ? v : C[${i}](v); }`);
  });
  if (spec.deferred) lines.push('this[D] = F;');
  const body = `"use strict"; function Row(row, at) {\n${lines.join('\n')}\n}\nRow.prototype = P;\nreturn function hydrate(row, at) { return new Row(row, at); };`;
  const make = generatedFunction(['P', 'C', 'D', 'F'], body);
  return make && (make(spec.proto, spec.convs, DEFERRED, spec.deferred) as Hydrate);
}

let useGenerated = true;

/** Tests: make every new reader interpreted (false) or generated (true); returns the previous choice. */
export function setGeneratedHydrators(on: boolean): boolean {
  const previous = useGenerated;
  useGenerated = on;
  cache[0] = new WeakMap();
  cache[1] = new WeakMap();
  return previous;
}

// per dialect, per model, by the loaded field names ('' for all of them)
const cache: [WeakMap<Options, Map<string, Hydrate>>, WeakMap<Options, Map<string, Hydrate>>] = [new WeakMap(), new WeakMap()];

/** The spec of `fields` of `opts` (a ForeignKey converts as its target field does). */
export function hydrateSpec(opts: Options, dialect: Dialect, fields: readonly Field[]): HydrateSpec {
  return {
    proto: opts.model.prototype,
    attnames: fields.map((f) => Options.attname(f)),
    convs: fields.map((f) => (f instanceof ForeignKey ? opts.targetField(f) : f).fromDb(dialect)),
    deferred: fields.length === opts.fields.length ? null : opts.fields.filter((f) => !fields.includes(f)).map((f) => f.name),
  };
}

/** The reader of `fields` of `opts` (all its fields by default), made once per model, dialect and field list. */
export function hydrator(opts: Options, dialect: Dialect, fields: readonly Field[] = opts.fields): Hydrate {
  const key = fields === opts.fields ? '' : fields.map((f) => f.name).join('\0');
  let byFields = cache[dialect].get(opts);
  if (byFields === undefined) cache[dialect].set(opts, (byFields = new Map()));
  let read = byFields.get(key);
  if (read === undefined) {
    const spec = hydrateSpec(opts, dialect, fields);
    read = (useGenerated ? generatedHydrator(spec) : null) ?? interpretedHydrator(spec);
    byFields.set(key, read);
  }
  return read;
}
