/**
 * Rebuilding a field from its deconstruction (the inverse of
 * Field.deconstruct()), by type name: how a migration's state gets fresh
 * field instances that never share anything with the live models.
 */
import { ValueError } from '../../core/exceptions';
import * as f from '../models/fields';
import { FileField, ImageField } from '../models/files';
import type { Deconstructed, Field } from '../models/fields';

const CLASSES: Record<string, new (...args: any[]) => Field> = {
  AutoField: f.AutoField,
  BigAutoField: f.BigAutoField,
  CharField: f.CharField,
  TextField: f.TextField,
  SlugField: f.SlugField,
  EmailField: f.EmailField,
  URLField: f.URLField,
  UUIDField: f.UUIDField,
  IntegerField: f.IntegerField,
  BigIntegerField: f.BigIntegerField,
  SmallIntegerField: f.SmallIntegerField,
  PositiveIntegerField: f.PositiveIntegerField,
  FloatField: f.FloatField,
  DecimalField: f.DecimalField,
  BooleanField: f.BooleanField,
  GenericIPAddressField: f.GenericIPAddressField,
  DateField: f.DateField,
  DateTimeField: f.DateTimeField,
  TimeField: f.TimeField,
  DurationField: f.DurationField,
  BinaryField: f.BinaryField,
  JSONField: f.JSONField,
  ForeignKey: f.ForeignKey,
  OneToOneField: f.OneToOneField,
  ManyToManyField: f.ManyToManyField,
  FileField,
  ImageField,
};

/** Whether `type` names a relation (its constructor takes the target first). */
export function isRelationType(type: string): boolean {
  return type === 'ForeignKey' || type === 'OneToOneField' || type === 'ManyToManyField';
}

/** A new, unbound field from a deconstruction. */
export function buildField(d: Deconstructed): Field {
  const cls = CLASSES[d.type];
  if (!cls) throw new ValueError(`Unknown field type '${d.type}' (known: ${Object.keys(CLASSES).join(', ')}).`);
  if (isRelationType(d.type)) {
    if (!d.to) throw new ValueError(`A ${d.type} needs the model it points to.`);
    return new cls(d.to, { ...d.options });
  }
  return new cls({ ...d.options });
}

/** A fresh copy of `field`, unbound (a state never shares field instances). */
export function cloneField(field: Field, overrides: Partial<Deconstructed> = {}): Field {
  const d = field.deconstruct();
  return buildField({ ...d, ...overrides, options: { ...d.options, ...overrides.options } });
}

/** Whether two fields make the same column and behave the same (Django compares deconstructions). */
export function sameField(a: Field, b: Field): boolean {
  const da = a.deconstruct();
  const db = b.deconstruct();
  return da.type === db.type && (da.to ?? '').toLowerCase() === (db.to ?? '').toLowerCase() && f.sameOption(da.options, db.options);
}
