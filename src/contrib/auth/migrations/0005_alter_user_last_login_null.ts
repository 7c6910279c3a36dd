// Django's auth.0005_alter_user_last_login_null.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0004_alter_user_username_opts']],

  operations: [
    new migrations.AlterField({ modelName: 'user', name: 'last_login', field: models.DateTimeField({ null: true, blank: true, verboseName: 'last login' }) }),
  ],
};
