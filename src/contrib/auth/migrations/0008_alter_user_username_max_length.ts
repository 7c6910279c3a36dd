// Django's auth.0008_alter_user_username_max_length.

import { migrations, models } from '../../../db/migrations/dsl';
import { UnicodeUsernameValidator } from '../validators';

export default {
  dependencies: [['auth', '0007_alter_validators_add_error_messages']],

  operations: [
    new migrations.AlterField({
      modelName: 'user',
      name: 'username',
      field: models.CharField({ unique: true, verboseName: 'username', errorMessages: { unique: 'A user with that username already exists.' }, helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', maxLength: 150, validators: [UnicodeUsernameValidator] }),
    }),
  ],
};
