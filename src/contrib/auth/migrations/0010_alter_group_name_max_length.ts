// Django's auth.0010_alter_group_name_max_length.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0009_alter_user_last_name_max_length']],

  operations: [
    new migrations.AlterField({ modelName: 'group', name: 'name', field: models.CharField({ unique: true, verboseName: 'name', maxLength: 150 }) }),
  ],
};
