/**
 * manouche/forms: Django's forms library (django.forms): fields, widgets,
 * forms, formsets, model forms and the template-based renderer.
 */
export * from './fields';
export { FilePathField, setFilePathFS, type FilePathFS, type FilePathEntry, type FilePathFieldOptions } from './filepath';
export * from './widgets';
export { BaseForm, defineForm, type Form, type FormClass, type FormOptions, type Fields, type CleanedData, type DefineFormOptions } from './forms';
export { BoundField } from './boundfield';
export { ErrorList, ErrorDict, MultiValueData, toFormData, flatatt, prettyName, type FormDataLike, type FormDataInput, type ErrorData } from './utils';
export { TemplatesRenderer, getDefaultRenderer, setDefaultRenderer, type Renderer } from './renderers';
export { formTemplates } from './templates';
export { readImageInfo, type ImageInfo } from './images';
export { UploadedFile, SimpleUploadedFile } from '../core/files/uploadedfile';
export { ValidationError, NON_FIELD_ERRORS } from '../core/exceptions';
export * from './formsets';
export {
  ModelChoiceField,
  ModelMultipleChoiceField,
  BaseModelForm,
  BaseModelFormSet,
  BaseInlineFormSet,
  modelformFactory,
  modelFormsetFactory,
  inlineFormsetFactory,
  fieldsForModel,
  formfieldFor,
  modelToDict,
  type ModelFormClass,
  type ModelFormMeta,
  type ModelFormOptions,
  type ModelChoiceOptions,
  type FieldsForModelOptions,
} from './models';
// The editing views (django.views.generic.edit) live with the forms they render, so the root
// entry (and a bundle that never edits) does not carry the forms library.
export {
  FormMixin,
  formMixin,
  BaseFormView,
  ProcessFormView,
  FormView,
  ModelFormMixin,
  BaseCreateView,
  CreateView,
  BaseUpdateView,
  UpdateView,
  BaseDeleteView,
  DeleteView,
  type FormClassLike,
  type FormKwargs,
} from '../views/generic/edit';
