// Django's auth.0004_alter_user_username_opts.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['auth', '0003_alter_user_email_max_length']],

  operations: [
    new migrations.AlterField({
      modelName: 'user',
      name: 'username',
      field: models.CharField({ unique: true, verboseName: 'username', errorMessages: { unique: 'A user with that username already exists.' }, helpText: 'Required. 30 characters or fewer. Letters, digits and @/./+/-/_ only.', maxLength: 30 }),
    }),
  ],
};
