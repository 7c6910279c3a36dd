/**
 * Meta indexes (django.db.models.Index): `Index({ fields: ['-pub_date'], name })`
 * makes CREATE INDEX with a descending column for a '-' prefix.
 *
 * @example
 * defineModel('polls.Question', { ... }, { indexes: [Index({ fields: ['-pub_date'], name: 'question_recent_idx' })] });
 */
import { ValueError } from '../../core/exceptions';

export interface IndexOptions {
  fields: readonly string[];
  name?: string;
}

export class IndexSpec {
  readonly fields: readonly string[];
  /** Set from the options, or derived from the table and fields when the model is defined. */
  name: string;
  constructor(options: IndexOptions) {
    if (!options || !Array.isArray(options.fields) || options.fields.length === 0) {
      throw new ValueError('Index.fields must be a non-empty list of field names.');
    }
    for (const f of options.fields) {
      if (typeof f !== 'string' || f === '' || f === '-') throw new ValueError(`Index.fields: ${JSON.stringify(f)} is not a field name.`);
    }
    this.fields = [...options.fields];
    this.name = options.name ?? '';
    if (this.name.length > 63) throw new ValueError(`Index name '${this.name}' is longer than 63 characters.`);
  }

  /** The field names with their order: [name, descending]. */
  get fieldOrders(): Array<[string, boolean]> {
    return this.fields.map((f) => (f.startsWith('-') ? [f.slice(1), true] : [f, false]));
  }

  /** Names the index after its table and fields when no name was given (Django's set_name_with_model). */
  setNameWithModel(table: string): void {
    if (this.name) return;
    const cols = this.fieldOrders.map(([f]) => f);
    this.name = `${table.slice(0, 11)}_${cols[0]!.slice(0, 7)}_${shortHash([table, ...this.fields].join('|'))}_idx`;
  }

  deconstruct(): { type: 'Index'; options: Record<string, unknown> } {
    return { type: 'Index', options: { fields: [...this.fields], name: this.name } };
  }
}

/** A short stable hash of `text` (Django uses md5; any stable digest names the same). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 8);
}

/** Django's `models.Index(fields=[...], name=...)`. */
export function Index(options: IndexOptions): IndexSpec {
  return new IndexSpec(options);
}
