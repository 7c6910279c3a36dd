// Django's contenttypes.0001_initial: the table with its legacy `name` column (0002 removes it).

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  initial: true,

  dependencies: [],

  operations: [
    new migrations.CreateModel({
      name: 'ContentType',
      fields: [
        ['id', models.AutoField({ verboseName: 'ID' })],
        ['name', models.CharField({ maxLength: 100 })],
        ['app_label', models.CharField({ maxLength: 100 })],
        ['model', models.CharField({ verboseName: 'python model class name', maxLength: 100 })],
      ],
      options: { ordering: ['name'], dbTable: 'django_content_type', verboseName: 'content type', verboseNamePlural: 'content types' },
    }),
    new migrations.AlterUniqueTogether({ name: 'contenttype', uniqueTogether: [['app_label', 'model']] }),
  ],
};
