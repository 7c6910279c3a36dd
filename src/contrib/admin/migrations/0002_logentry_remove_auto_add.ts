// Django's admin.0002_logentry_remove_auto_add.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  dependencies: [['admin', '0001_initial']],

  operations: [
    new migrations.AlterField({
      modelName: 'logentry',
      name: 'action_time',
      field: models.DateTimeField({ default: () => new Date(), editable: false, verboseName: 'action time' }),
    }),
  ],
};
