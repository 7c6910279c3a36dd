// on_delete=SET(), abstract base models and many-to-many `through` models, on
// both backends (after Django's tests/delete (SET), tests/model_inheritance
// (abstract) and tests/m2m_through).
import * as assert from 'uvu/assert';
import { ImproperlyConfigured } from '../../src/core/exceptions';
import {
  CASCADE,
  CharField,
  DateField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  IntegrityError,
  ManyToManyField,
  BooleanField,
  Q,
  SET,
  ValidationError,
  abstractModel,
  defineModel,
} from '../../src/db/index';
import { dbSuite, rejects, throws } from './harness';

// --- on_delete=SET -----------------------------------------------------------
const User = defineModel('mx.User', { username: CharField({ maxLength: 30 }) });
let sentinelCalls = 0;
async function sentinel() {
  sentinelCalls++;
  const [u] = await User.objects.getOrCreate({ username: 'deleted' });
  return u;
}
const Post = defineModel('mx.Post', {
  title: CharField({ maxLength: 30 }),
  author: ForeignKey(() => User, { onDelete: SET(sentinel), relatedName: 'posts' }),
  editor: ForeignKey(() => User, { onDelete: SET(null), null: true, relatedName: 'edited' }),
});

const Owner = defineModel('mx.Owner', { code: CharField({ maxLength: 10, primaryKey: true }) });
const Doc = defineModel('mx.Doc', { owner: ForeignKey(() => Owner, { onDelete: SET('keep'), relatedName: 'docs' }) });

// --- abstract base models ----------------------------------------------------
const CommonInfo = abstractModel(
  {
    name: CharField({ maxLength: 100 }),
    age: IntegerField({ default: 0 }),
    owner: ForeignKey(() => User, { onDelete: CASCADE, null: true, relatedName: '%(app_label)s_%(class)s_owned' }),
  },
  { ordering: ['name'], getLatestBy: 'age' },
);
const Student = CommonInfo.extend('mx.Student', { home_group: CharField({ maxLength: 5 }) });
const Teacher = CommonInfo.extend('mx.Teacher', { age: IntegerField({ default: 30 }) }, { ordering: ['-age'] });
const Named = CommonInfo.extendAbstract({ nickname: CharField({ maxLength: 20, default: '' }) });
const Pet = Named.extend('mx.Pet');

// --- through models ----------------------------------------------------------
const Person = defineModel('mx.Person', { name: CharField({ maxLength: 30 }) });
const Group = defineModel('mx.Group', {
  name: CharField({ maxLength: 30 }),
  members: ManyToManyField(() => Person, { through: () => Membership, relatedName: 'groups' }),
});
const Membership = defineModel('mx.Membership', {
  person: ForeignKey(() => Person, { onDelete: CASCADE }),
  group: ForeignKey(() => Group, { onDelete: CASCADE }),
  date_joined: DateField(),
  invite_reason: CharField({ maxLength: 64, default: '' }),
});

// --- unique_for_date / month / year (Django's tests/validation models.Post) ----
const Entry = defineModel('mx.Entry', {
  title: CharField({ maxLength: 50, uniqueForDate: 'posted', blank: true }),
  slug: CharField({ maxLength: 50, uniqueForYear: 'posted', blank: true }),
  subtitle: CharField({ maxLength: 50, uniqueForMonth: 'posted', blank: true }),
  posted: DateField(),
});
const Event = defineModel('mx.Event', {
  name: CharField({ maxLength: 50, uniqueForDate: 'at' }),
  at: DateTimeField(),
});

// --- limit_choices_to ---------------------------------------------------------
const Staff = defineModel('mx.Staff', { name: CharField({ maxLength: 30 }), is_staff: BooleanField({ default: false }) });
let minimumName = 'a';
const Ticket = defineModel('mx.Ticket', {
  assignee: ForeignKey(() => Staff, { onDelete: CASCADE, limitChoicesTo: { is_staff: true }, relatedName: 'tickets' }),
  reviewer: ForeignKey(() => Staff, { onDelete: CASCADE, null: true, blank: true, limitChoicesTo: () => Q({ name__gte: minimumName }), relatedName: 'reviews' }),
  watchers: ManyToManyField(() => Staff, { limitChoicesTo: Q({ is_staff: true }).not(), relatedName: 'watching' }),
});

const MODELS = [User, Post, Owner, Doc, Entry, Event, Staff, Ticket, Student, Teacher, Pet, Person, Group, Membership];

dbSuite('modeling', MODELS, (test) => {
  test('on_delete=SET(function) sets the value the function returns; SET(null) sets null', async () => {
    sentinelCalls = 0;
    const bob = await User.objects.create({ username: 'bob' });
    const p1 = await Post.objects.create({ title: 'a', author: bob, editor: bob });
    const p2 = await Post.objects.create({ title: 'b', author: bob });
    await bob.delete();
    const deleted = await User.objects.get({ username: 'deleted' });
    assert.is(sentinelCalls, 1);
    for (const p of [p1, p2]) await p.refreshFromDb();
    assert.is(p1.author_id, deleted.pk);
    assert.is(p2.author_id, deleted.pk);
    assert.is(p1.editor_id, null);
    assert.is(await Post.objects.count(), 2);
  });

  test('on_delete=SET(value) with a primary key value', async () => {
    await Owner.objects.create({ code: 'keep' });
    const gone = await Owner.objects.create({ code: 'gone' });
    const d = await Doc.objects.create({ owner: gone });
    await Owner.objects.filter({ pk: 'gone' }).delete();
    await d.refreshFromDb();
    assert.is(d.owner_id, 'keep');
  });

  test('abstract base: each child has the fields, its own table, the inherited Meta', async () => {
    assert.equal(Student._meta.fields.map((f) => f.name), ['id', 'name', 'age', 'owner', 'home_group']);
    assert.is(Student._meta.dbTable, 'mx_student');
    assert.equal(Student._meta.ordering, ['name']);
    assert.equal(Teacher._meta.ordering, ['-age']);
    assert.is(Teacher._meta.getLatestBy, 'age');
    assert.is.not(Student._meta.getField('name'), Teacher._meta.getField('name'));
    assert.is(Student._meta.getField('name').modelLabel, 'mx.Student');
    await Student.objects.create({ name: 'Zoe', home_group: 'A' });
    await Student.objects.create({ name: 'Adam', home_group: 'B', age: 12 });
    assert.equal(await Student.objects.valuesList('name', { flat: true }), ['Adam', 'Zoe']);
    assert.is((await Student.objects.latest()).name, 'Adam');
    // a field the child redeclares replaces the base's
    const t = await Teacher.objects.create({ name: 'Mr T' });
    assert.is(t.age, 30);
    const p = await Pet.objects.create({ name: 'Rex', nickname: 'R' });
    assert.is(p.nickname, 'R');
    assert.equal(Pet._meta.ordering, ['name']);
  });

  test('abstract base: %(class)s and %(app_label)s make each reverse relation its own', async () => {
    const u = await User.objects.create({ username: 'owner' });
    await Student.objects.create({ name: 'S', home_group: 'A', owner: u });
    await Teacher.objects.create({ name: 'T', owner: u });
    assert.equal(await (u as any).mx_student_owned.valuesList('name', { flat: true }), ['S']);
    assert.equal(await (u as any).mx_teacher_owned.valuesList('name', { flat: true }), ['T']);
    assert.equal(await User.objects.filter({ mx_teacher_owned__name: 'T' } as any).valuesList('username', { flat: true }), ['owner']);
  });

  test('abstract base: bad declarations', () => {
    throws(() => abstractModel({ name: 3 as any }), ImproperlyConfigured, /'name' is not a field/);
    throws(() => abstractModel({ name: CharField({ maxLength: 3 }) }, { dbTable: 'x' }), ImproperlyConfigured, /no table/);
    throws(() => abstractModel({ name: Student._meta.getField('name') as any }), ImproperlyConfigured, /already belongs to the model mx.Student/);
    throws(() => CommonInfo.extend('mx.Student', {}), ImproperlyConfigured, /already defined/);
    assert.not.ok('objects' in CommonInfo);
  });

  test('through model: add/create/set with throughDefaults, remove, clear, query across it', async () => {
    const ringo = await Person.objects.create({ name: 'Ringo' });
    const paul = await Person.objects.create({ name: 'Paul' });
    const john = await Person.objects.create({ name: 'John' });
    const beatles = await Group.objects.create({ name: 'The Beatles' });
    const members = (beatles as any).members;
    await members.add(ringo, { throughDefaults: { date_joined: '1962-08-16', invite_reason: 'drums' } });
    await members.add(paul, { throughDefaults: { date_joined: () => '1957-07-06' } });
    const george = await members.create({ name: 'George' }, { throughDefaults: { date_joined: '1958-02-06' } });
    assert.equal((await members.orderBy('name')).map((p: any) => p.name), ['George', 'Paul', 'Ringo']);
    const m = await Membership.objects.get({ person: ringo, group: beatles });
    assert.is(m.invite_reason, 'drums');
    assert.is(m.date_joined, '1962-08-16');
    // querying across the intermediate model and its fields
    assert.equal(await Group.objects.filter({ members__name: 'Paul' }).valuesList('name', { flat: true }), ['The Beatles']);
    assert.equal(
      await Person.objects.filter({ groups: beatles, membership__date_joined__lt: '1960-01-01' } as any).orderBy('name').valuesList('name', { flat: true }),
      ['George', 'Paul'],
    );
    assert.equal(await Person.objects.filter({ membership__invite_reason: 'drums' } as any).valuesList('name', { flat: true }), ['Ringo']);
    assert.equal(await (ringo as any).groups.valuesList('name', { flat: true }), ['The Beatles']);
    // remove and set
    await members.remove(paul);
    assert.is(await Membership.objects.count(), 2);
    await members.set([john, george], { throughDefaults: { date_joined: '1960-01-01' } });
    assert.equal((await members.orderBy('name')).map((p: any) => p.name), ['George', 'John']);
    assert.is((await Membership.objects.get({ person: george })).date_joined, '1958-02-06'); // kept, not re-created
    await members.set([ringo], { clear: true, throughDefaults: { date_joined: '1970-04-10' } });
    assert.is((await Membership.objects.get({ person: ringo })).date_joined, '1970-04-10');
    await members.clear();
    assert.is(await Membership.objects.count(), 0);
  });

  test('through model: a required field without throughDefaults is an IntegrityError; unknown names a TypeError', async () => {
    const ringo = await Person.objects.create({ name: 'Ringo' });
    const beatles = await Group.objects.create({ name: 'The Beatles' });
    await rejects(() => (beatles as any).members.add(ringo), IntegrityError);
    await rejects(() => (beatles as any).members.add(ringo, { throughDefaults: { nope: 1 } }), TypeError, /unexpected keyword argument 'nope' in throughDefaults/);
    await rejects(() => (beatles as any).members.add(ringo, { throughDefaults: { person: 1 } }), TypeError, /'person'/);
    await rejects(() => (beatles as any).members.set(ringo), TypeError, /takes a list/);
    assert.is(await Membership.objects.count(), 0);
  });

  test('unique_for_date, unique_for_month, unique_for_year (Django\'s PerformUniqueChecksTest)', async () => {
    await Entry.objects.create({ title: 'Django 1.0 is released', slug: 'Django 1.0', subtitle: 'Finally', posted: '2008-09-03' });
    const errors = async (data: any) => {
      try {
        await new Entry(data).fullClean();
        return null;
      } catch (e) {
        assert.instance(e, ValidationError);
        return (e as ValidationError).messageDict;
      }
    };
    assert.equal(await errors({ title: 'Django 1.0 is released', posted: '2008-09-03' }), { title: ['Title must be unique for Posted date.'] });
    assert.is(await errors({ title: 'Work on Django 1.1 begins', posted: '2008-09-03' }), null);
    assert.is(await errors({ title: 'Django 1.0 is released', posted: '2008-09-04' }), null);
    assert.equal(await errors({ slug: 'Django 1.0', posted: '2008-01-01' }), { slug: ['Slug must be unique for Posted year.'] });
    assert.equal(await errors({ subtitle: 'Finally', posted: '2008-09-30' }), { subtitle: ['Subtitle must be unique for Posted month.'] });
    assert.equal(await errors({ title: 'Django 1.0 is released' }), { posted: ['This field cannot be null.'] });
    // the row itself does not conflict with itself; excluding the field skips the check
    const own = await Entry.objects.get({ slug: 'Django 1.0' });
    await own.fullClean();
    await new Entry({ title: 'Django 1.0 is released', posted: '2008-09-03' } as any).fullClean({ exclude: ['title'] });
    await new Entry({ title: 'Django 1.0 is released', posted: '2008-09-03' } as any).fullClean({ exclude: ['posted'] });
    // a DateTimeField compares the day in UTC
    await Event.objects.create({ name: 'launch', at: new Date('2024-05-01T23:30:00Z') });
    await rejects(() => new Event({ name: 'launch', at: new Date('2024-05-01T01:00:00Z') }).fullClean(), ValidationError, /Name must be unique for At date/);
    await new Event({ name: 'launch', at: new Date('2024-05-02T00:30:00Z') }).fullClean();
  });

  test('limit_choices_to: fullClean() rejects a target outside the choices; functions and Q objects are evaluated', async () => {
    const boss = await Staff.objects.create({ name: 'zed', is_staff: true });
    const guest = await Staff.objects.create({ name: 'amy', is_staff: false });
    await new Ticket({ assignee: boss }).fullClean();
    try {
      await new Ticket({ assignee: guest }).fullClean();
      assert.unreachable();
    } catch (e) {
      assert.equal((e as ValidationError).messageDict, { assignee: [`staff instance with id ${guest.pk} does not exist.`] });
    }
    minimumName = 'b';
    await rejects(() => new Ticket({ assignee: boss, reviewer: guest }).fullClean(), ValidationError, /reviewer|does not exist/);
    minimumName = 'a';
    await new Ticket({ assignee: boss, reviewer: guest }).fullClean();
    // what forms and the admin will filter their choices with
    const f = Ticket._meta.getField('assignee') as any;
    assert.equal(f.getLimitChoicesTo(), { is_staff: true });
    assert.equal(await Staff.objects.filter(f.getLimitChoicesTo()).valuesList('name', { flat: true }), ['zed']);
    const watchers = Ticket._meta.getField('watchers') as any;
    assert.equal(await Staff.objects.filter(watchers.getLimitChoicesTo()).valuesList('name', { flat: true }), ['amy']);
    assert.is((Ticket._meta.getField('reviewer') as any).getLimitChoicesTo().children[0][0], 'name__gte');
    const bad = ForeignKey(() => Staff, { onDelete: CASCADE, limitChoicesTo: (() => 3) as any });
    throws(() => bad.getLimitChoicesTo(), TypeError, /limitChoicesTo must be lookups, a Q object/);
  });
});
