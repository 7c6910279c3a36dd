// Models shared by the ORM suites (labels under the `qt` app, unique in the test process).
import {
  BooleanField,
  CASCADE,
  CharField,
  DateField,
  DateTimeField,
  DecimalField,
  EmailField,
  FloatField,
  ForeignKey,
  IntegerField,
  JSONField,
  TimeField,
  DurationField,
  BinaryField,
  ManyToManyField,
  OneToOneField,
  PROTECT,
  RESTRICT,
  SET_NULL,
  SlugField,
  UUIDField,
  defineModel,
} from '../../src/db/index';

export const Author = defineModel('qt.Author', {
  name: CharField({ maxLength: 50, unique: true }),
  email: EmailField({ null: true }),
  age: IntegerField({ null: true }),
});

export const Tag = defineModel('qt.Tag', { name: CharField({ maxLength: 30, unique: true }) });

export const Question = defineModel(
  'qt.Question',
  {
    question_text: CharField({ maxLength: 200 }),
    pub_date: DateTimeField(),
    author: ForeignKey(() => Author, { onDelete: SET_NULL, null: true, relatedName: 'questions' }),
    tags: ManyToManyField(() => Tag, { relatedName: 'questions' }),
  },
  { ordering: ['-pub_date'], getLatestBy: 'pub_date' },
);

export const Choice = defineModel('qt.Choice', {
  question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choice_text: CharField({ maxLength: 200 }),
  votes: IntegerField({ default: 0 }),
});

export const Book = defineModel('qt.Book', {
  author: ForeignKey(() => Author, { onDelete: PROTECT, relatedName: 'books' }),
  title: CharField({ maxLength: 100 }),
  slug: SlugField({ null: true }),
  price: DecimalField({ maxDigits: 10, decimalPlaces: 2, default: '0.00' }),
  in_print: BooleanField({ default: true }),
  published: DateField({ null: true }),
  rating: FloatField({ null: true }),
  meta: JSONField({ null: true }),
  uid: UUIDField({ null: true }),
  status: CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']] as const, default: 'd' }),
  updated: DateTimeField({ autoNow: true }),
  created: DateTimeField({ autoNowAdd: true }),
  opens: TimeField({ null: true }),
  length: DurationField({ null: true }),
  cover: BinaryField({ null: true }),
});

export const Review = defineModel('qt.Review', {
  book: ForeignKey(() => Book, { onDelete: RESTRICT, relatedName: 'reviews' }),
  question: ForeignKey(() => Question, { onDelete: CASCADE, null: true }),
  text: CharField({ maxLength: 100 }),
});

export const Profile = defineModel('qt.Profile', {
  author: OneToOneField(() => Author, { onDelete: CASCADE }),
  bio: CharField({ maxLength: 100 }),
});

export const ALL = [Author, Tag, Question, Choice, Book, Review, Profile];
