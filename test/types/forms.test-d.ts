// Type-level tests for manouche/forms: cleanedData is typed from the declared fields.
import { BooleanField, CharField, DecimalField, IntegerField, DateTimeField, defineForm } from '../../src/forms/index';

const Order = defineForm(
  {
    title: new CharField({ maxLength: 100 }),
    quantity: new IntegerField(),
    discount: new IntegerField({ required: false }),
    price: new DecimalField({ maxDigits: 6, decimalPlaces: 2 }),
    gift: new BooleanField({ required: false }),
    when: new DateTimeField(),
  },
  {
    cleanTitle(): string {
      return this.cleanedData.title.trim();
    },
  },
);

const form = new Order({});
const title: string = form.cleanedData.title;
const quantity: number = form.cleanedData.quantity;
const discount: number | null = form.cleanedData.discount;
const price: string = form.cleanedData.price;
const gift: boolean = form.cleanedData.gift;
const when: Date = form.cleanedData.when;
void [title, quantity, discount, price, gift, when];
form.cleanTitle();

// @ts-expect-error an optional IntegerField may clean to null
const notNull: number = form.cleanedData.discount;
void notNull;

// @ts-expect-error a CharField cleans to a string, not a number
const wrong: number = form.cleanedData.title;
void wrong;

// @ts-expect-error no such field
void form.cleanedData.missing;

// @ts-expect-error get() only knows the declared fields
form.get('missing');

// @ts-expect-error addError() only knows the declared fields (or null)
form.addError('nope', 'x');

// Model forms: cleanedData is typed from the model's fields.
import { CharField as ModelCharField, ForeignKey, ManyToManyField, IntegerField as ModelIntegerField, CASCADE, defineModel } from '../../src/db/index';
import { modelformFactory } from '../../src/forms/index';

const Author = defineModel('typetest.Author', { name: ModelCharField({ maxLength: 50 }) });
const Tag = defineModel('typetest.Tag', { label: ModelCharField({ maxLength: 20 }) });
const Post = defineModel('typetest.Post', {
  title: ModelCharField({ maxLength: 50 }),
  rank: ModelIntegerField({ null: true }),
  author: ForeignKey(() => Author, { onDelete: CASCADE }),
  tags: ManyToManyField(() => Tag),
});

const PostForm = modelformFactory(Post, { fields: ['title', 'author', 'tags'] });
const pf = new PostForm();
const postTitle: string = pf.cleanedData.title;
const postAuthor: string = pf.cleanedData.author.name;
const postTags: string[] = pf.cleanedData.tags.map((t) => t.label);
void [postTitle, postAuthor, postTags];
// @ts-expect-error `rank` is not one of the form's fields
void pf.cleanedData.rank;

const AllButTags = modelformFactory(Post, { exclude: ['tags'] });
const ab = new AllButTags();
const rank: number | null = ab.cleanedData.rank;
void rank;
// @ts-expect-error `tags` is excluded
void ab.cleanedData.tags;
// @ts-expect-error a field the model does not have
modelformFactory(Post, { fields: ['nope'] });
