// Django's admin.0003_logentry_add_action_flag_choices.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['admin', '0002_logentry_remove_auto_add']],

  operations: [
    new migrations.AlterField({
      modelName: 'logentry',
      name: 'action_flag',
      field: models.PositiveIntegerField({ choices: [[1, 'Addition'], [2, 'Change'], [3, 'Deletion']], verboseName: 'action flag' }),
    }),
  ],
};
