/**
 * Model instance validation (Django's Model.full_clean and its parts):
 *
 * 1. cleanFields(): each field's toPython → validate (choices, null, blank)
 *    → validators; errors keyed by field name. A foreign key is also checked
 *    to point at an existing row.
 * 2. clean(): the model's own hook (assign `Model.prototype.clean`); errors
 *    it raises without a field go under NON_FIELD_ERRORS ('__all__').
 * 3. validateUnique(): one query per `unique` field and `uniqueTogether`
 *    set, excluding this row; fields that already failed are skipped; then
 *    Django's date checks (`uniqueForDate` / `uniqueForMonth` / `uniqueForYear`).
 *
 * save() never calls these, as in Django.
 */
import { NON_FIELD_ERRORS, ValidationError, ValueError } from '../../core/exceptions';
import { isEmptyValue } from '../../core/validators';
import { ForeignKey } from './fields';
import { Options } from './options';
import { ADDING } from './state';
import { capfirst } from '../../utils/text';

export interface CleanOptions {
  /** Field names not to validate. */
  exclude?: Iterable<string>;
  /** Run validateUnique() (default true). */
  validateUnique?: boolean;
  /** The database alias the existence and uniqueness queries use. */
  using?: string;
}

/** Django's get_text_list(['a', 'b', 'c'], 'and') → 'a, b and c'. */
function textList(items: readonly string[], last: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** Django's Model.clean_fields(). */
export async function cleanFields(obj: any, opts: Options, exclude: Iterable<string> = [], using?: string): Promise<void> {
  const skip = new Set(exclude);
  const errors: Record<string, ValidationError[]> = {};
  for (const f of opts.fields) {
    if (skip.has(f.name)) continue;
    const attr = Options.attname(f);
    const raw = obj[attr];
    // Empty values of blank fields are the developer's business (and an
    // AutoField's null is the database's).
    if ((f.blank || f.auto) && isEmptyValue(raw)) continue;
    try {
      const cleaned = f.clean(raw, obj);
      if (f instanceof ForeignKey) {
        if (cleaned !== null && cleaned !== undefined) await checkRelated(opts, f, cleaned, using);
      } else if (cleaned !== raw) {
        obj[attr] = cleaned;
      }
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors[f.name] = e.errorList;
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

// Django's ForeignKey.validate(): the target row must exist.
async function checkRelated(opts: Options, f: ForeignKey, value: unknown, using?: string): Promise<void> {
  const target = opts.target(f);
  const to = opts.targetField(f);
  const invalid = () =>
    f.error('invalid', { model: target.verboseName, pk: value, field: to.name, value });
  try {
    to.toPython(value);
  } catch (e) {
    if (e instanceof ValidationError) throw invalid();
    throw e;
  }
  let exists: boolean;
  try {
    let qs = target.model.objects.filter({ [to.name]: value });
    // limit_choices_to: a target outside the allowed choices is invalid too (Django's ForeignKey.validate)
    const limit = f.getLimitChoicesTo();
    if (limit) qs = qs.filter(limit);
    if (using) qs = qs.using(using);
    exists = await qs.exists();
  } catch (e) {
    if (e instanceof ValueError) throw invalid();
    throw e;
  }
  if (!exists) throw invalid();
}

/** The unique checks Django's _get_unique_checks() makes: single fields, then uniqueTogether. */
function uniqueChecks(opts: Options, exclude: Set<string>): string[][] {
  const checks: string[][] = [];
  for (const f of opts.fields) if (f.unique && !exclude.has(f.name)) checks.push([f.name]);
  for (const together of opts.uniqueTogether) {
    if (!together.some((n) => exclude.has(n))) checks.push([...together]);
  }
  return checks;
}

/** Django's Model.validate_unique(): queries the database, excluding this row. */
export async function validateUnique(obj: any, opts: Options, exclude: Iterable<string> = [], using?: string): Promise<void> {
  const errors: Record<string, ValidationError[]> = {};
  const adding = obj[ADDING] === true;
  const pk = obj[Options.attname(opts.pk)];
  for (const check of uniqueChecks(opts, new Set(exclude))) {
    const lookup: Record<string, unknown> = {};
    for (const name of check) {
      const f = opts.getField(name);
      const v = obj[Options.attname(f)];
      if (v === null || v === undefined) continue; // no value: nothing to compare
      if (f.primaryKey && !adding) continue; // an existing row's own key
      lookup[f instanceof ForeignKey ? Options.attname(f) : name] = v;
    }
    if (Object.keys(lookup).length !== check.length) continue;
    let qs = opts.model.objects.filter(lookup);
    if (using) qs = qs.using(using);
    if (!adding && pk !== null && pk !== undefined) qs = qs.exclude({ pk });
    if (!(await qs.exists())) continue;
    const key = check.length === 1 ? check[0]! : NON_FIELD_ERRORS;
    (errors[key] ??= []).push(uniqueError(opts, check));
  }
  await dateChecks(obj, opts, new Set(exclude), adding, pk, errors, using);
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

// The parts of a date (a DateField's 'YYYY-MM-DD' or a DateTimeField's Date, in UTC).
function dateParts(v: unknown): { year: number; month: number; day: number } | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { year: v.getUTCFullYear(), month: v.getUTCMonth() + 1, day: v.getUTCDate() };
  const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(v) : null;
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** Django's _perform_date_checks(): unique_for_date / _month / _year. */
async function dateChecks(
  obj: any,
  opts: Options,
  exclude: Set<string>,
  adding: boolean,
  pk: unknown,
  errors: Record<string, ValidationError[]>,
  using?: string,
): Promise<void> {
  for (const f of opts.fields) {
    if (exclude.has(f.name)) continue;
    for (const [lookupType, dateField] of [['date', f.uniqueForDate], ['year', f.uniqueForYear], ['month', f.uniqueForMonth]] as const) {
      if (!dateField || exclude.has(dateField)) continue;
      const df = opts.getField(dateField);
      const parts = dateParts(obj[Options.attname(df)]);
      if (!parts) continue;
      const lookup: Record<string, unknown> =
        lookupType === 'date'
          ? { [`${dateField}__day`]: parts.day, [`${dateField}__month`]: parts.month, [`${dateField}__year`]: parts.year }
          : { [`${dateField}__${lookupType}`]: parts[lookupType] };
      lookup[Options.attname(f)] = obj[Options.attname(f)] ?? null;
      let qs = opts.model.objects.filter(lookup);
      if (using) qs = qs.using(using);
      if (!adding && pk !== null && pk !== undefined) qs = qs.exclude({ pk });
      if (!(await qs.exists())) continue;
      (errors[f.name] ??= []).push(
        f.error('unique_for_date', {
          model_name: capfirst(opts.verboseName),
          lookup_type: lookupType,
          field: f.name,
          field_label: capfirst(f.verboseLabel),
          date_field: dateField,
          date_field_label: capfirst(df.verboseLabel),
        }),
      );
    }
  }
}

/** Django's unique_error_message(). */
function uniqueError(opts: Options, check: readonly string[]): ValidationError {
  const modelName = capfirst(opts.verboseName);
  if (check.length === 1) {
    const f = opts.getField(check[0]!);
    return f.error('unique', { model_name: modelName, field_label: capfirst(f.verboseLabel), unique_check: check });
  }
  const labels = check.map((n) => capfirst(opts.getField(n).verboseLabel));
  return new ValidationError('%(model_name)s with this %(field_labels)s already exists.', {
    code: 'unique_together',
    params: { model_name: modelName, field_labels: textList(labels, 'and'), unique_check: check },
  });
}

/** Django's Model.full_clean(): cleanFields, clean, validateUnique; all errors together. */
export async function fullClean(obj: any, opts: Options, options: CleanOptions = {}): Promise<void> {
  const exclude = new Set(options.exclude ?? []);
  let errors: Record<string, ValidationError[]> = {};
  try {
    await cleanFields(obj, opts, exclude, options.using);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    errors = e.updateErrorDict(errors);
  }
  // clean() runs even when fields failed, as Form.clean() does.
  try {
    if (typeof obj.clean === 'function') await obj.clean(); // a field named 'clean' shadows the hook
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    errors = e.updateErrorDict(errors);
  }
  if (options.validateUnique ?? true) {
    // Unique checks only for fields that passed.
    for (const name of Object.keys(errors)) if (name !== NON_FIELD_ERRORS) exclude.add(name);
    try {
      await validateUnique(obj, opts, exclude, options.using);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = e.updateErrorDict(errors);
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}
