// Django's auth.0007_alter_validators_add_error_messages.

import { migrations, models } from '../../../db/migrations/dsl';
import { UnicodeUsernameValidator } from '../validators';

export default {
  dependencies: [['auth', '0006_require_contenttypes_0002']],

  operations: [
    new migrations.AlterField({
      modelName: 'user',
      name: 'username',
      field: models.CharField({ unique: true, verboseName: 'username', errorMessages: { unique: 'A user with that username already exists.' }, helpText: 'Required. 30 characters or fewer. Letters, digits and @/./+/-/_ only.', maxLength: 30, validators: [UnicodeUsernameValidator] }),
    }),
  ],
};
