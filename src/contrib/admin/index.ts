/**
 * manouche/contrib/admin (django.contrib.admin): the automatic admin.
 * Importing it registers 'manouche.contrib.admin' for INSTALLED_APPS with
 * its templates and static files in memory, so it runs on Node and in the
 * browser alike.
 *
 * @example
 * import { site } from 'manouche/contrib/admin';
 * site.register(Question, { listDisplay: ['question_text', 'pub_date'], searchFields: ['question_text'] });
 * export const urlpatterns = [path('admin/', site.urls)];
 */
import { defineApp } from '../../apps/config';
import { registerApp } from '../../apps/registry';
import { adminStaticFiles } from './static';
import { adminTemplates } from './templates';
import { adminScriptFiles } from './scripts';
import { autodiscover } from './autodiscover';
import { site } from './sites';
import { builtAt } from '../../utils/built-at';

export { AdminSite, site, AlreadyRegistered, NotRegistered, type AdminSiteOptions, type AppListEntry, type AppListModel, type ModelAdminClass } from './sites';
export { ModelAdmin, type ModelAdminOptions, type Fieldset, type ListDisplayEntry } from './options';
export {
  InlineModelAdmin,
  TabularInline,
  StackedInline,
  constructChangeMessage,
  type InlineClass,
  type InlineModelAdminOptions,
  type InlineAdminFormSet,
  type InlineAdminForm,
} from './inlines';
export { adminFieldsets, type AdminField, type AdminFieldset } from './helpers';
export { ChangeList, constructSearch, searchQueryset, IS_POPUP_VAR, TO_FIELD_VAR, ALL_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR, ERROR_FLAG } from './changelist';
export {
  ListFilter,
  FieldListFilter,
  SimpleListFilter,
  BooleanFieldListFilter,
  ChoicesFieldListFilter,
  RelatedFieldListFilter,
  DateFieldListFilter,
  AllValuesFieldListFilter,
  IncorrectLookupParameters,
  type ListFilterSpec,
} from './filters';
export { action, deleteSelected, type AdminAction } from './actions';
export { LogEntry, ADDITION, CHANGE, DELETION, logAction } from './models';
export { display, quote, unquote, collectDeleted, type DisplayOptions } from './utils';
export { adminTemplates } from './templates';
export { adminStaticFiles } from './static';
export { adminScriptFiles } from './scripts';
export { autodiscover } from './autodiscover';
export { DisallowedModelAdminToField } from './options';
export { dateHierarchy, popDateRange, type DateHierarchyContext } from './date-hierarchy';
export { autocompleteView, AUTOCOMPLETE_PAGE_SIZE } from './autocomplete';
export {
  AdminDateWidget,
  AdminTimeWidget,
  AdminSplitDateTime,
  AdminTextInputWidget,
  AdminTextareaWidget,
  AdminIntegerFieldWidget,
  ForeignKeyRawIdWidget,
  ManyToManyRawIdWidget,
  AutocompleteSelect,
  AutocompleteSelectMultiple,
  FilteredSelectMultiple,
  adminFormfield,
} from './widgets';
export { checkAdminSite } from './checks';

export const adminApp = registerApp(
  defineApp({
    name: 'manouche.contrib.admin',
    label: 'admin',
    verboseName: 'Administration',
    templates: adminTemplates,
    staticFiles: { ...adminStaticFiles, ...adminScriptFiles },
    // They change only with a new build of the package.
    staticFilesMtime: builtAt,
    migrations: () => import('./migrations/index').then((m) => m.adminMigrations),
    // Django's AdminConfig.ready(): every installed app's admin registrations on the default site.
    ready: () => autodiscover(site),
  }),
);
