// Django's auth.0009_alter_user_last_name_max_length.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0008_alter_user_username_max_length']],

  operations: [
    new migrations.AlterField({ modelName: 'user', name: 'last_name', field: models.CharField({ blank: true, verboseName: 'last name', maxLength: 150, default: '' }) }),
  ],
};
