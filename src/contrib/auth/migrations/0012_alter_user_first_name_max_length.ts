// Django's auth.0012_alter_user_first_name_max_length.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0011_update_proxy_permissions']],

  operations: [
    new migrations.AlterField({ modelName: 'user', name: 'first_name', field: models.CharField({ blank: true, verboseName: 'first name', maxLength: 150, default: '' }) }),
  ],
};
