/**
 * Types derived from one model declaration: the instance, create() arguments,
 * filter keys (`field`, `field__lookup`, `fk__field__lookup`), order_by and
 * values() names. Nothing here exists at run time.
 */
import type { Field, ForeignKey, ManyToManyField } from './fields';
import type { ManyRelatedManager, ReverseManager } from './related';

export type Fields = Record<string, Field<any, any, any, any>>;

/** The lookups every field accepts (Django's built-in lookups). */
export type Lookup =
  | 'exact'
  | 'iexact'
  | 'contains'
  | 'icontains'
  | 'in'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'startswith'
  | 'istartswith'
  | 'endswith'
  | 'iendswith'
  | 'range'
  | 'isnull'
  | 'regex'
  | 'iregex';

type PkKeys<F> = { [K in keyof F]: F[K] extends Field<any, any, infer P, any> ? (true extends P ? (P extends true ? K : never) : never) : never }[keyof F];

/** The declared fields plus the implicit `id` AutoField when no field is the primary key. */
export type AllFields<F> = [PkKeys<F>] extends [never] ? F & { id: Field<number, false, true, false> } : F;

/** The primary key's attribute name. */
export type PkName<F> = [PkKeys<F>] extends [never] ? 'id' : PkKeys<F> & string;

/** Something defineModel returned, seen through its fields. */
export interface ModelLike<F> {
  readonly _fields: F;
}

export type TargetFields<M> = M extends ModelLike<infer T> ? T : Fields;

type ValueOf<T> = T extends Field<infer V, any, any, any> ? V : never;
/** What create() accepts for a field: its `_input` type when it declares one (FileField: a name or an upload), else its value type. */
type InputOf<T> = T extends { readonly _input: infer I } ? I : ValueOf<T>;

type FkKeys<F> = { [K in keyof F]: F[K] extends ForeignKey<any, any, any> ? K : never }[keyof F] & string;

type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type ChoiceKeys<F> = { [K in keyof F]: F[K] extends Field<any, any, any, infer C> ? (C extends true ? K : never) : never }[keyof F] & string;

/** `getStatusDisplay()` for every field declared with choices. */
export type DisplayMethods<F> = { [K in ChoiceKeys<F> as `get${Capitalize<Camel<K>>}Display`]: () => string };

/** Methods every model instance has. */
export interface InstanceMethods<F> {
  /** The primary key's value (Django's `obj.pk`). */
  pk: AttrValue<AllFields<F>, PkName<F>>;
  /** Inserts or updates this row. */
  save(options?: { updateFields?: ReadonlyArray<string>; forceInsert?: boolean }): Promise<void>;
  /** Deletes this row and, through the collector, what CASCADE says. */
  delete(): Promise<[number, Record<string, number>]>;
  /**
   * Reloads the fields from the database, or only `fields` (Django's
   * refresh_from_db(fields=)): how a field only()/defer() left out is loaded.
   */
  refreshFromDb(options?: { using?: string; fields?: ReadonlyArray<keyof AllFields<F> & string> }): Promise<void>;
  /**
   * Django's full_clean(): cleanFields(), clean(), validateUnique(); throws
   * one ValidationError keyed by field name (NON_FIELD_ERRORS for clean()
   * and uniqueTogether). save() does not call it.
   */
  fullClean(options?: { exclude?: Iterable<keyof AllFields<F> & string>; validateUnique?: boolean; using?: string }): Promise<void>;
  /** Validates every field not in `exclude`; errors keyed by field name. */
  cleanFields(exclude?: Iterable<keyof AllFields<F> & string>, options?: { using?: string }): Promise<void>;
  /** The model-wide hook fullClean() calls: assign `Model.prototype.clean` to add checks. */
  clean(): void | Promise<void>;
  /** Checks `unique` fields and `uniqueTogether` against the database, excluding this row. */
  validateUnique(exclude?: Iterable<keyof AllFields<F> & string>, options?: { using?: string }): Promise<void>;
  /** True when `other` is an instance of the same model with the same primary key. */
  equals(other: unknown): boolean;
  /** Loads (once) and returns the object a foreign key points to. */
  fetchRelated<K extends FkKeys<F>>(name: K): Promise<FkInstance<F[K]>>;
}

type AttrValue<A, K> = K extends keyof A ? ValueOf<A[K]> : never;

type FkInstance<T> =
  T extends ForeignKey<infer M, infer V, any> ? (null extends V ? Instance<TargetFields<M>> | null : Instance<TargetFields<M>>) : never;

/** A model instance: one attribute per field, `<fk>_id` per foreign key, the methods. */
export type Instance<F> = {
  -readonly [K in keyof AllFields<F>]: AllFields<F>[K] extends ForeignKey<any, any, any>
    ? FkInstance<AllFields<F>[K]>
    : AllFields<F>[K] extends ManyToManyField<infer M>
      ? ManyRelatedManager<TargetFields<M>, Instance<TargetFields<M>>>
      : ValueOf<AllFields<F>[K]>;
} & { -readonly [K in FkKeys<F> as `${K}_id`]: ValueOf<F[K]> } & InstanceMethods<F> &
  DisplayMethods<F>;

type RequiredKeys<F> = { [K in keyof F]: F[K] extends Field<any, infer R, any, any> ? (R extends true ? (F[K] extends ForeignKey<any, any, any> ? never : K) : never) : never }[keyof F];

/** The arguments of create() and of `new Model({...})`. */
type M2MKeys<F> = { [K in keyof F]: F[K] extends ManyToManyField<any> ? K : never }[keyof F];

export type CreateArgs<F> = { [K in RequiredKeys<F>]: InputOf<F[K]> } & {
  [K in Exclude<keyof AllFields<F>, RequiredKeys<F> | M2MKeys<F>>]?: AllFields<F>[K] extends ForeignKey<any, any, any>
    ? FkInstance<AllFields<F>[K]>
    : InputOf<AllFields<F>[K]>;
} & { [K in FkKeys<F> as `${K}_id`]?: ValueOf<F[K]> };

type Prev = [never, 0, 1, 2];

/** A QuerySet used as a value (a subquery). */
export interface SubqueryLike {
  readonly state: unknown;
  fetch(): Promise<unknown>;
}

type LookupValue<V, L> = L extends 'in'
  ? ReadonlyArray<NonNullable<V>> | Expression | SubqueryLike
  : L extends 'isnull'
    ? boolean
    : L extends 'range'
      ? readonly [NonNullable<V>, NonNullable<V>]
      : L extends 'regex' | 'iregex' | 'contains' | 'icontains' | 'startswith' | 'istartswith' | 'endswith' | 'iendswith' | 'iexact'
        ? string
        : V | Expression;

/** An F() expression or anything else that compiles to SQL. */
export interface Expression {
  readonly _expression: true;
}

/** Filter keyword arguments: every field, lookup and span, with its value type. */
export type FilterArgs<F, D extends number = 2> = {
  [K in keyof AllFields<F> & string]: AllFields<F>[K] extends ForeignKey<infer M, infer V, any>
    ? { [P in K]?: V | Instance<TargetFields<M>> | Expression } & { [P in `${K}_id`]?: V | Expression } & {
        [P in `${K}__${Lookup}`]?: P extends `${K}__${infer L}` ? LookupValue<V | Instance<TargetFields<M>>, L> : never;
      } & ([D] extends [never] ? {} : SpanArgs<K, FilterArgs<TargetFields<M>, Prev[D]>>)
    : AllFields<F>[K] extends { readonly _temporal: infer T }
      ? { [P in K]?: ValueOf<AllFields<F>[K]> | Expression } & {
          [P in `${K}__${Lookup}`]?: P extends `${K}__${infer L}` ? LookupValue<ValueOf<AllFields<F>[K]>, L> : never;
        } & TransformArgs<K, T extends 'datetime' ? DateTimePart : DatePart>
    : AllFields<F>[K] extends { readonly _temporal: infer T }
      ? { [P in K]?: ValueOf<AllFields<F>[K]> | Expression } & {
          [P in `${K}__${Lookup}`]?: P extends `${K}__${infer L}` ? LookupValue<ValueOf<AllFields<F>[K]>, L> : never;
        } & TransformArgs<K, T extends 'datetime' ? DateTimePart : DatePart>
    : AllFields<F>[K] extends ManyToManyField<infer M>
      ? { [P in K]?: unknown } & { [P in `${K}__${Lookup}`]?: unknown } & ([D] extends [never]
            ? {}
            : SpanArgs<K, FilterArgs<TargetFields<M>, Prev[D]>>)
      : { [P in K]?: ValueOf<AllFields<F>[K]> | Expression } & {
        [P in `${K}__${Lookup}`]?: P extends `${K}__${infer L}` ? LookupValue<ValueOf<AllFields<F>[K]>, L> : never;
      };
}[keyof AllFields<F> & string] extends infer U
  ? UnionToIntersection<U> & { pk?: unknown } & { [P in `pk__${Lookup}`]?: unknown }
  : never;

type DatePart = 'year' | 'month' | 'day' | 'week_day' | 'quarter' | 'date';
type DateTimePart = DatePart | 'hour' | 'minute' | 'second';
type PartValue<P> = P extends 'date' ? string : number;
type TransformArgs<K extends string, Part extends string> = { [P in `${K}__${Part}`]?: P extends `${K}__${infer T}` ? PartValue<T> : never } & {
  [P in `${K}__${Part}__${Lookup}`]?: P extends `${K}__${infer T}__${infer L}` ? LookupValue<PartValue<T>, L> : never;
};

type SpanArgs<K extends string, T> = { [P in keyof T & string as `${K}__${P}`]?: T[P] };

type UnionToIntersection<U> = (U extends any ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Names order_by() and values() accept: fields, `<fk>_id`, spans, `pk`. */
export type FieldPath<F, D extends number = 2> =
  | 'pk'
  | {
      [K in keyof AllFields<F> & string]: AllFields<F>[K] extends ForeignKey<infer M, any, any>
        ? K | `${K}_id` | ([D] extends [never] ? never : `${K}__${FieldPath<TargetFields<M>, Prev[D]>}`)
        : K;
    }[keyof AllFields<F> & string];

export type OrderKey<F> = FieldPath<F> | `-${FieldPath<F>}` | '?';

/** The value a path names (for values() rows). */
export type PathValue<F, P extends string> = P extends 'pk'
  ? AttrValue<AllFields<F>, PkName<F>>
  : P extends keyof AllFields<F>
    ? AllFields<F>[P] extends ForeignKey<any, infer V, any>
      ? V
      : ValueOf<AllFields<F>[P]>
    : P extends `${infer K}_id`
      ? K extends keyof F
        ? ValueOf<F[K]>
        : never
      : P extends `${infer K}__${infer Rest}`
        ? K extends keyof F
          ? F[K] extends ForeignKey<infer M, any, any>
            ? PathValue<TargetFields<M>, Rest> | (F[K] extends ForeignKey<any, infer V, any> ? (null extends V ? null : never) : never)
            : never
          : never
        : never;

/** A values() row for the given paths. */
export type ValuesRow<F, P extends string> = { [K in P]: PathValue<F, K> };

/** Relations select_related() accepts. */
export type RelatedPath<F, D extends number = 2> = {
  [K in FkKeys<F>]: F[K] extends ForeignKey<infer M, any, any>
    ? K | ([D] extends [never] ? never : `${K}__${RelatedPath<TargetFields<M>, Prev[D]>}`)
    : never;
}[FkKeys<F>];

/** Django's model_name: the label's part after the dot, lower-cased. */
type ModelName<L> = L extends `${string}.${infer N}` ? Lowercase<N> : never;

/**
 * The accessor a relation `Field` of the model labelled `L` puts on its
 * target's instances: relatedName, else `<model>_set` (Django's default);
 * none when relatedName ends with '+' or is not a literal.
 */
type AccessorName<Field, L> =
  Field extends { readonly _relatedName: infer N }
    ? [N] extends [never]
      ? string extends L
        ? never
        : `${ModelName<L>}_set`
      : string extends N
        ? never
        : N extends `${string}+`
          ? never
          : N
    : never;

/**
 * The reverse managers `Src`'s foreign keys and many-to-many fields put on
 * instances of `Target` (Django's `author.posts`, `question.choice_set`,
 * `tag.post_set`); a one-to-one's reverse side is one object, not typed here.
 */
export type ReverseRelations<Target, Src> = Src extends ModelLike<infer SF>
  ? {
      readonly [K in keyof SF as SF[K] extends { readonly _oneToOne: true }
        ? never
        : SF[K] extends ForeignKey<infer M, any, any, any> | ManyToManyField<infer M, any>
          ? [M] extends [Target]
            ? AccessorName<SF[K], Src extends { readonly _label: infer L } ? L : string>
            : never
          : never]: SF[K] extends ManyToManyField<any, any> ? ManyRelatedManager<SF, Instance<SF>> : ReverseManager<SF, Instance<SF>>;
    }
  : never;

/**
 * Models whose relations type the reverse managers of the models they point
 * at, with no withRelated(): a models module adds its models here by module
 * augmentation, keyed by label.
 * @example
 * declare module 'manouche/db' {
 *   interface ModelRegistry { 'blog.Post': typeof Post }
 * }
 */
// biome-ignore lint: an interface users augment
export interface ModelRegistry {}

/** The reverse managers every registered model puts on `Target`. */
export type RegisteredRelations<Target> = [keyof ModelRegistry] extends [never] ? unknown : UnionToIntersection<ReverseRelations<Target, ModelRegistry[keyof ModelRegistry]>>;

/** The reverse managers of every model in `Srcs` onto `Target` (one object type). */
export type ReverseRelationsOf<Target, Srcs extends readonly unknown[]> = UnionToIntersection<{ [I in keyof Srcs]: ReverseRelations<Target, Srcs[I]> }[number]>;
