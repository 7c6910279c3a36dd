// Django's auth.0003_alter_user_email_max_length.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0002_alter_permission_name_max_length']],

  operations: [
    new migrations.AlterField({ modelName: 'user', name: 'email', field: models.EmailField({ blank: true, verboseName: 'email address', maxLength: 254, default: '' }) }),
  ],
};
