// Django's auth.0002_alter_permission_name_max_length.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0001_initial']],

  operations: [
    new migrations.AlterField({ modelName: 'permission', name: 'name', field: models.CharField({ verboseName: 'name', maxLength: 255 }) }),
  ],
};
