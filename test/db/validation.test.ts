// Model validation (fullClean, cleanFields, clean, validateUnique) on both
// backends, after Django's tests/validation (ModelToValidate,
// UniqueFieldsModel, test_unique) and the model instance reference docs.
import * as assert from 'uvu/assert';
import { NON_FIELD_ERRORS, ValidationError } from '../../src/core/exceptions';
import { MaxValueValidator, MinValueValidator } from '../../src/core/validators';
import {
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  EmailField,
  ForeignKey,
  GenericIPAddressField,
  IntegerField,
  JSONField,
  PositiveIntegerField,
  SET_NULL,
  SlugField,
  URLField,
  defineModel,
} from '../../src/db/index';
import { dbSuite } from './harness';

function validateAnswerToUniverse(value: unknown): void {
  if (value !== 42) throw new ValidationError('This is not the answer to life, universe and everything!', { code: 'not42' });
}

const UniqueFieldsModel = defineModel('val.UniqueFieldsModel', {
  unique_charfield: CharField({ maxLength: 100, unique: true }),
  unique_integerfield: IntegerField({ unique: true }),
  non_unique_field: IntegerField(),
});

const ModelToValidate = defineModel('val.ModelToValidate', {
  name: CharField({ maxLength: 100 }),
  created: DateTimeField({ default: () => new Date() }),
  number: IntegerField({ dbColumn: 'number_val' }),
  parent: ForeignKey((): any => ModelToValidate, { onDelete: SET_NULL, blank: true, null: true }),
  email: EmailField({ blank: true }),
  ufm: ForeignKey(() => UniqueFieldsModel, { onDelete: SET_NULL, toField: 'unique_charfield', blank: true, null: true }),
  url: URLField({ blank: true }),
  f_with_custom_validator: IntegerField({ blank: true, null: true, validators: [validateAnswerToUniverse] }),
  slug: SlugField({ blank: true }),
  status: CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
  price: DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true, blank: true }),
  rating: IntegerField({ null: true, blank: true, validators: [new MinValueValidator(1), new MaxValueValidator(5)] }),
  ip: GenericIPAddressField({ null: true, blank: true }),
  ipv4: GenericIPAddressField({ null: true, blank: true, protocol: 'IPv4' }),
  day: DateField({ null: true, blank: true }),
  data: JSONField({ null: true, blank: true }),
  count: PositiveIntegerField({ null: true, blank: true }),
});
// Django: `def clean(self): if self.number == 11: raise ValidationError(...)`
(ModelToValidate.prototype as any).clean = function (this: any) {
  if (this.number === 11) throw new ValidationError('Invalid number supplied!');
};

const UniqueTogetherModel = defineModel(
  'val.UniqueTogetherModel',
  {
    cfield: CharField({ maxLength: 100 }),
    ifield: IntegerField(),
    efield: EmailField({ verboseName: 'e-mail' }),
  },
  { uniqueTogether: [['ifield', 'cfield'], ['ifield', 'efield']] },
);

const UniqueErrorsModel = defineModel('val.UniqueErrorsModel', {
  name: CharField({ maxLength: 100, unique: true, errorMessages: { unique: 'Custom unique name message.' } }),
  no: IntegerField({ unique: true, errorMessages: { unique: 'Custom unique number message.' } }),
});

const CustomMessagesModel = defineModel('val.CustomMessagesModel', {
  other: IntegerField({ blank: true, null: true }),
  number: IntegerField({
    dbColumn: 'number_val',
    errorMessages: { null: 'NULL', not42: 'AAARGH', not_equal: '%s != me' },
    validators: [validateAnswerToUniverse],
  }),
});

const MODELS = [UniqueFieldsModel, ModelToValidate, UniqueTogetherModel, UniqueErrorsModel, CustomMessagesModel];

/** Runs fullClean (or `fn`) and returns the messageDict it raised. */
async function errorsOf(fn: () => Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.messageDict;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

async function failsOn(obj: any, fields: string[], messages?: string[]): Promise<void> {
  const errors = await errorsOf(() => obj.fullClean());
  assert.equal(Object.keys(errors).sort(), [...fields].sort());
  if (messages) assert.equal(errors[fields[0]!], messages);
}

const mtv = (data: Record<string, unknown>): any => new ModelToValidate(data as any);

dbSuite('model validation', MODELS, (test) => {
  test('missing required fields: blank and null, keyed by field', async () => {
    const errors = await errorsOf(() => mtv({}).fullClean());
    assert.equal(errors, { name: ['This field cannot be blank.'], number: ['This field cannot be null.'] });
  });

  test('correct values pass; clean() adds a non-field error alongside field errors', async () => {
    assert.is(await mtv({ number: 10, name: 'Some Name' }).fullClean(), undefined);
    await failsOn(mtv({ number: 11 }), [NON_FIELD_ERRORS, 'name']);
    const errors = await errorsOf(() => mtv({ number: 11, name: 'x' }).fullClean());
    assert.equal(errors, { __all__: ['Invalid number supplied!'] });
  });

  test('foreign keys must point at an existing row (also through toField)', async () => {
    await failsOn(mtv({ number: 10, name: 'Some Name', parent_id: 3 }), ['parent'], [
      'model to validate instance with id 3 does not exist.',
    ]);
    const parent = await ModelToValidate.objects.create({ number: 10, name: 'Some Name' } as any);
    assert.is(await mtv({ number: 10, name: 'Some Other Name', parent_id: parent.pk }).fullClean(), undefined);
    assert.is(await mtv({ number: 10, name: 'x', parent }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'x', parent_id: 'not a pk' }), ['parent']);
    await UniqueFieldsModel.objects.create({ unique_charfield: 'abc', unique_integerfield: 1, non_unique_field: 1 });
    assert.is(await mtv({ number: 10, name: 'x', ufm_id: 'abc' }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'x', ufm_id: 'xyz' }), ['ufm'], ["unique fields model instance with unique_charfield 'xyz' does not exist."]);
  });

  test('EmailField, URLField, SlugField, CharField max_length', async () => {
    await failsOn(mtv({ number: 10, name: 'Some Name', email: 'not-an-email' }), ['email'], ['Enter a valid email address.']);
    assert.is(await mtv({ number: 10, name: 'Some Name', email: 'valid@email.com' }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'Some Name', url: 'not a url' }), ['url'], ['Enter a valid URL.']);
    assert.is(await mtv({ number: 10, name: 'Some Name', url: 'http://www.djangoproject.com/' }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'Some Name', slug: '##invalid##' }), ['slug'], [
      'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
    ]);
    await failsOn(mtv({ number: 10, name: 'x'.repeat(101) }), ['name'], ['Ensure this value has at most 100 characters (it has 101).']);
    // URLField's own max_length (200) and the URL validator both report
    const long = `http://example.com/${'a'.repeat(300)}`;
    const errors = await errorsOf(() => mtv({ number: 10, name: 'x', url: long }).fullClean());
    assert.equal(errors.url, ['Ensure this value has at most 200 characters (it has 319).']);
  });

  test('validators option, choices, decimals, IP addresses, integer ranges', async () => {
    await failsOn(mtv({ number: 10, name: 'x', f_with_custom_validator: 12 }), ['f_with_custom_validator'], [
      'This is not the answer to life, universe and everything!',
    ]);
    assert.is(await mtv({ number: 10, name: 'x', f_with_custom_validator: 42 }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'x', status: 'z' }), ['status'], ["Value 'z' is not a valid choice."]);
    await failsOn(mtv({ number: 10, name: 'x', rating: 7 }), ['rating'], ['Ensure this value is less than or equal to 5.']);
    await failsOn(mtv({ number: 10, name: 'x', rating: 0 }), ['rating'], ['Ensure this value is greater than or equal to 1.']);
    await failsOn(mtv({ number: 10, name: 'x', price: '1234.5' }), ['price'], ['Ensure that there are no more than 3 digits before the decimal point.']);
    await failsOn(mtv({ number: 10, name: 'x', price: '1.234' }), ['price'], ['Ensure that there are no more than 2 decimal places.']);
    await failsOn(mtv({ number: 10, name: 'x', price: '123456' }), ['price'], ['Ensure that there are no more than 5 digits in total.']);
    assert.is(await mtv({ number: 10, name: 'x', price: '999.99', ip: '2001:db8::1', ipv4: '192.0.2.1' }).fullClean(), undefined);
    await failsOn(mtv({ number: 10, name: 'x', ip: '256.1.1.1' }), ['ip'], ['Enter a valid IPv4 or IPv6 address.']);
    await failsOn(mtv({ number: 10, name: 'x', ipv4: '::1' }), ['ipv4'], ['Enter a valid IPv4 address.']);
    await failsOn(mtv({ number: 10, name: 'x', count: -1 }), ['count'], ['Ensure this value is greater than or equal to 0.']);
    await failsOn(mtv({ number: 2 ** 31, name: 'x' }), ['number'], ['Ensure this value is less than or equal to 2147483647.']);
    // every failing field at once
    const errors = await errorsOf(() => mtv({ name: '', number: 10, email: 'x', url: 'y', slug: '!', status: 'q', rating: 9 }).fullClean());
    assert.equal(Object.keys(errors).sort(), ['email', 'name', 'rating', 'slug', 'status', 'url']);
  });

  test('wrong types are ValidationErrors naming the field, not crashes', async () => {
    await failsOn(mtv({ number: 'abc', name: 'x' }), ['number'], ['“abc” value must be an integer.']);
    await failsOn(mtv({ number: 10, name: 'x', day: 'yesterday' }), ['day'], [
      '“yesterday” value has an invalid date format. It must be in YYYY-MM-DD format.',
    ]);
    await failsOn(mtv({ number: 10, name: 'x', price: 'ten' }), ['price'], ['“ten” value must be a decimal number.']);
    await failsOn(mtv({ number: 10, name: { toString: () => 'obj' } }), ['name']);
    await failsOn(mtv({ number: 10, name: 'x', created: 'not a date' }), ['created']);
    await failsOn(mtv({ number: 10, name: 'x', ip: 42 }), ['ip']);
    const cyclic: any = {};
    cyclic.self = cyclic;
    await failsOn(mtv({ number: 10, name: 'x', data: cyclic }), ['data'], ['Value must be valid JSON.']);
    await failsOn(mtv({ number: 10, name: 'x', data: 10n }), ['data']);
    // a string that cleans to a number is stored as one
    const obj = mtv({ number: '12', name: 'x', price: 1.5 });
    await obj.fullClean();
    assert.is(obj.number, 12);
    assert.is(obj.price, '1.5');
    // hostile strings in the validated fields come back as errors, fast
    const t0 = performance.now();
    const big = 'a'.repeat(100_000);
    await failsOn(mtv({ number: 10, name: 'x', email: `${big}@example.com`, url: `http://${big}.com` }), ['email', 'url']);
    assert.ok(performance.now() - t0 < 5000, 'no backtracking blow-up on hostile input');
  });

  test('exclude, cleanFields alone, validateUnique: false', async () => {
    assert.is(await mtv({}).fullClean({ exclude: ['name', 'number'] }), undefined);
    await failsOn(mtv({ number: 10, name: 'x', email: 'bad' }), ['email']);
    assert.is(await mtv({ number: 10, name: 'x', email: 'bad' }).fullClean({ exclude: new Set(['email']) }), undefined);
    const errors = await errorsOf(() => mtv({ number: 11 }).cleanFields());
    assert.equal(errors, { name: ['This field cannot be blank.'] }); // clean() is not part of cleanFields
    await UniqueFieldsModel.objects.create({ unique_charfield: 'a', unique_integerfield: 1, non_unique_field: 1 });
    const dup = new UniqueFieldsModel({ unique_charfield: 'a', unique_integerfield: 1, non_unique_field: 1 });
    assert.is(await dup.fullClean({ validateUnique: false }), undefined);
    assert.is(await dup.fullClean({ exclude: ['unique_charfield', 'unique_integerfield'] }), undefined);
  });

  test('unique fields: the database is queried, the row itself excluded', async () => {
    const first = await UniqueFieldsModel.objects.create({ unique_charfield: 'Hello', unique_integerfield: 42, non_unique_field: 3 });
    assert.is(await first.fullClean(), undefined); // itself: no clash
    first.non_unique_field = 4;
    assert.is(await first.fullClean(), undefined);
    const dup = new UniqueFieldsModel({ unique_charfield: 'Hello', unique_integerfield: 42, non_unique_field: 3 });
    assert.equal(await errorsOf(() => dup.fullClean()), {
      unique_charfield: ['Unique fields model with this Unique charfield already exists.'],
      unique_integerfield: ['Unique fields model with this Unique integerfield already exists.'],
    });
    const e = await dup.validateUnique().catch((x) => x);
    assert.is(e.errorDict.unique_charfield[0].code, 'unique');
    // a field that already failed is not checked for uniqueness
    const bad = new UniqueFieldsModel({ unique_charfield: 'Hello', unique_integerfield: 'x' as any, non_unique_field: 3 });
    assert.equal(Object.keys(await errorsOf(() => bad.fullClean())).sort(), ['unique_charfield', 'unique_integerfield']);
    assert.equal((await errorsOf(() => bad.fullClean())).unique_integerfield, ['“x” value must be an integer.']);
    // a new object with an existing primary key clashes; an existing one does not
    const clone = new UniqueFieldsModel({ id: first.pk, unique_charfield: 'Other', unique_integerfield: 7, non_unique_field: 3 } as any);
    assert.equal(await errorsOf(() => clone.fullClean()), { id: ['Unique fields model with this ID already exists.'] });
  });

  test('uniqueTogether: NON_FIELD_ERRORS with the field labels; custom unique messages', async () => {
    await UniqueTogetherModel.objects.create({ cfield: 'a', ifield: 1, efield: 'a@example.com' });
    const dup = new UniqueTogetherModel({ cfield: 'a', ifield: 1, efield: 'b@example.com' });
    const e = (await dup.fullClean().catch((x) => x)) as ValidationError;
    assert.equal(e.messageDict, { __all__: ['Unique together model with this Ifield and Cfield already exists.'] });
    assert.is(e.errorDict![NON_FIELD_ERRORS]![0]!.code, 'unique_together');
    const both = new UniqueTogetherModel({ cfield: 'a', ifield: 1, efield: 'a@example.com' });
    assert.equal((await errorsOf(() => both.fullClean())).__all__, [
      'Unique together model with this Ifield and Cfield already exists.',
      'Unique together model with this Ifield and E-mail already exists.',
    ]);
    // excluding one field of a set skips that set
    assert.is(await dup.fullClean({ exclude: ['cfield'] }), undefined);
    assert.is(await new UniqueTogetherModel({ cfield: 'b', ifield: 1, efield: 'c@example.com' }).fullClean(), undefined);
    await UniqueErrorsModel.objects.create({ name: 'Some Name', no: 10 });
    assert.equal(await errorsOf(() => new UniqueErrorsModel({ name: 'Some Name', no: 11 }).fullClean()), { name: ['Custom unique name message.'] });
    assert.equal(await errorsOf(() => new UniqueErrorsModel({ name: 'Other Name', no: 10 }).fullClean()), { no: ['Custom unique number message.'] });
  });

  test('errorMessages replace the defaults and validator messages by code', async () => {
    assert.equal(await errorsOf(() => new CustomMessagesModel({} as any).fullClean()), { number: ['NULL'] });
    assert.equal(await errorsOf(() => new CustomMessagesModel({ number: 12 }).fullClean()), { number: ['AAARGH'] });
    assert.is(await new CustomMessagesModel({ number: 42 }).fullClean(), undefined);
  });

  test('save() does not call fullClean(), as in Django', async () => {
    const obj = await ModelToValidate.objects.create({ number: 10, name: 'x', email: 'not-an-email', status: 'z' } as any);
    assert.ok(obj.pk);
    const back: any = await ModelToValidate.objects.get({ pk: obj.pk });
    assert.is(back.email, 'not-an-email');
    await failsOn(back, ['email', 'status']);
  });

  test('GenericIPAddressField round-trips; an empty string is stored as null', async () => {
    const a: any = await ModelToValidate.objects.create({ number: 1, name: 'a', ip: '2001:db8::1', ipv4: '192.0.2.1' } as any);
    const b: any = await ModelToValidate.objects.create({ number: 2, name: 'b', ip: '' } as any);
    const back: any = await ModelToValidate.objects.get({ pk: a.pk });
    assert.is(back.ip, '2001:db8::1');
    assert.is(back.ipv4, '192.0.2.1');
    assert.is(((await ModelToValidate.objects.get({ pk: b.pk })) as any).ip, null);
    assert.is(await back.fullClean(), undefined);
  });

  test('an async clean() hook is awaited', async () => {
    const M: any = UniqueErrorsModel;
    const saved = M.prototype.clean;
    M.prototype.clean = async function (this: any) {
      await Promise.resolve();
      if (this.no < 0) throw new ValidationError({ no: 'Must not be negative.' });
    };
    try {
      assert.equal(await errorsOf(() => new UniqueErrorsModel({ name: 'n', no: -1 }).fullClean()), { no: ['Must not be negative.'] });
    } finally {
      M.prototype.clean = saved;
    }
  });
});
