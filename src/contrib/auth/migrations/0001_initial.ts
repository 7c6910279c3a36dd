// Django's auth.0001_initial: the first lengths (permission name 50, group name 80,
// username/first_name/last_name 30, email 75); 0002-0012 bring them to today's.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  initial: true,

  dependencies: [['contenttypes', '__first__']],

  operations: [
    new migrations.CreateModel({
      name: 'Permission',
      fields: [
        ['id', models.AutoField({ verboseName: 'ID' })],
        ['name', models.CharField({ verboseName: 'name', maxLength: 50 })],
        ['content_type', models.ForeignKey('contenttypes.ContentType', { verboseName: 'content type', onDelete: models.CASCADE })],
        ['codename', models.CharField({ verboseName: 'codename', maxLength: 100 })],
      ],
      options: {
        ordering: ['content_type__app_label', 'content_type__model', 'codename'],
        uniqueTogether: [['content_type', 'codename']],
        verboseName: 'permission',
        verboseNamePlural: 'permissions',
      },
    }),
    new migrations.CreateModel({
      name: 'Group',
      fields: [
        ['id', models.AutoField({ verboseName: 'ID' })],
        ['name', models.CharField({ unique: true, verboseName: 'name', maxLength: 80 })],
        ['permissions', models.ManyToManyField('auth.Permission', { blank: true, verboseName: 'permissions' })],
      ],
      options: { verboseName: 'group', verboseNamePlural: 'groups' },
    }),
    new migrations.CreateModel({
      name: 'User',
      fields: [
        ['id', models.AutoField({ verboseName: 'ID' })],
        ['password', models.CharField({ verboseName: 'password', maxLength: 128 })],
        ['last_login', models.DateTimeField({ verboseName: 'last login', default: () => new Date() })],
        [
          'is_superuser',
          models.BooleanField({ verboseName: 'superuser status', helpText: 'Designates that this user has all permissions without explicitly assigning them.', default: false }),
        ],
        [
          'username',
          models.CharField({ unique: true, verboseName: 'username', helpText: 'Required. 30 characters or fewer. Letters, digits and @/./+/-/_ only.', maxLength: 30 }),
        ],
        ['first_name', models.CharField({ blank: true, verboseName: 'first name', maxLength: 30, default: '' })],
        ['last_name', models.CharField({ blank: true, verboseName: 'last name', maxLength: 30, default: '' })],
        ['email', models.EmailField({ blank: true, verboseName: 'email address', maxLength: 75, default: '' })],
        [
          'is_staff',
          models.BooleanField({ verboseName: 'staff status', helpText: 'Designates whether the user can log into this admin site.', default: false }),
        ],
        [
          'is_active',
          models.BooleanField({ verboseName: 'active', helpText: 'Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', default: true }),
        ],
        ['date_joined', models.DateTimeField({ verboseName: 'date joined', default: () => new Date() })],
        [
          'groups',
          models.ManyToManyField('auth.Group', { blank: true, verboseName: 'groups', helpText: 'The groups this user belongs to. A user will get all permissions granted to each of their groups.', relatedName: 'user_set', relatedQueryName: 'user' }),
        ],
        [
          'user_permissions',
          models.ManyToManyField('auth.Permission', { blank: true, verboseName: 'user permissions', helpText: 'Specific permissions for this user.', relatedName: 'user_set', relatedQueryName: 'user' }),
        ],
      ],
      options: { verboseName: 'user', verboseNamePlural: 'users' },
    }),
  ],
};
