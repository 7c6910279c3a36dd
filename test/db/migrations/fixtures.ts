/** Hand-written migration histories the migration tests share. */
import { CASCADE, CharField, ForeignKey, IntegerField, ManyToManyField, AutoField, BooleanField } from '../../../src/db/models/fields';
import { Q } from '../../../src/db/models/expressions';
import { Index } from '../../../src/db/models/indexes';
import { CheckConstraint, UniqueConstraint } from '../../../src/db/models/constraints';
import {
  AddConstraint, AddField, AddIndex, AlterField, AlterUniqueTogether, CreateModel, DeleteModel, RemoveConstraint, RemoveField,
  RemoveIndex, RenameField, RenameModel, RunCode, RunSQL,
} from '../../../src/db/migrations/operations/index';

const id = () => new AutoField({ verboseName: 'ID' });

// A library app whose history exercises every operation kind.
export const libHistory = {
  lib: {
    '0001_initial': {
      initial: true,
      operations: [
        new CreateModel({ name: 'Author', fields: [['id', id()], ['name', new CharField({ maxLength: 50 })]] }),
        new CreateModel({
          name: 'Book',
          fields: [
            ['id', id()],
            ['title', new CharField({ maxLength: 100 })],
            ['author', new ForeignKey('lib.Author', { onDelete: CASCADE })],
            ['pages', new IntegerField({ null: true })],
          ],
        }),
      ],
    },
    '0002_data': {
      dependencies: [['lib', '0001_initial']],
      operations: [
        new RunSQL({
          sql: ["INSERT INTO lib_author (id, name) VALUES (1, 'Le Guin')", "INSERT INTO lib_book (id, title, author_id, pages) VALUES (1, 'Earthsea', 1, NULL), (2, 'Lathe', 1, 180)"],
          reverseSql: ['DELETE FROM lib_book', 'DELETE FROM lib_author'],
        }),
      ],
    },
    '0003_changes': {
      dependencies: [['lib', '0002_data']],
      operations: [
        new AddField({ modelName: 'book', name: 'in_print', field: new BooleanField({ default: true }) }),
        new RenameField({ modelName: 'book', oldName: 'title', newName: 'name' }),
        new AlterField({ modelName: 'book', name: 'pages', field: new IntegerField({ default: 0 }) }),
        new AddIndex({ modelName: 'book', index: Index({ fields: ['-pages'], name: 'book_pages_idx' }) }),
        new AddConstraint({ modelName: 'book', constraint: CheckConstraint({ check: Q({ pages__gte: 0 }), name: 'pages_gte_0' }) }),
        new AddConstraint({ modelName: 'book', constraint: UniqueConstraint({ fields: ['name'], condition: Q({ in_print: true }), name: 'uniq_in_print' }) }),
        new AlterUniqueTogether({ name: 'book', uniqueTogether: [['name', 'author']] }),
        new AddField({ modelName: 'author', name: 'friends', field: new ManyToManyField('lib.Author') }),
      ],
    },
    '0004_more': {
      dependencies: [['lib', '0003_changes']],
      operations: [
        new RemoveConstraint({ modelName: 'book', name: 'uniq_in_print' }),
        new RemoveIndex({ modelName: 'book', name: 'book_pages_idx' }),
        new RenameModel({ oldName: 'Author', newName: 'Writer' }),
        new RunCode({
          code: async (_apps, editor) => {
            await editor.backend.executeScript("UPDATE lib_writer SET name = name || '!'");
          },
          reverseCode: async (_apps, editor) => {
            await editor.backend.executeScript("UPDATE lib_writer SET name = rtrim(name, '!')");
          },
        }),
        new CreateModel({ name: 'Note', fields: [['id', id()], ['text', new CharField({ maxLength: 10 })]] }),
        new DeleteModel({ name: 'Note' }),
        new RemoveField({ modelName: 'book', name: 'in_print' }),
      ],
    },
  },
};

