/**
 * Widgets (django.forms.widgets): the HTML of one field, rendered through
 * the form renderer's templates (`django/forms/widgets/*.html`), and the
 * reverse direction, reading a field's value back from submitted data.
 * Media (css/js) declared on widgets is collected by the forms.
 *
 * @example
 * new TextInput({ attrs: { class: 'big' } }).render('title', 'Hi <b>');
 * // <input type="text" name="title" value="Hi &lt;b&gt;" class="big">
 */
import { SafeString, escapeHtml } from '../template/safe';
import { getDefaultRenderer, type Renderer } from './renderers';
import { str, type FormDataLike } from './utils';
import { getFormat } from '../utils/formats';
import type { InputFormatName } from '../conf/locale/formats';

export type Attrs = Record<string, unknown>;

/** A choice: [value, label], or a group: [groupLabel, [[value, label], ...]]. */
export type Choice = readonly [unknown, unknown];
export type Choices = ReadonlyArray<Choice | readonly [unknown, ReadonlyArray<Choice>]>;
export type ChoicesInput = Choices | (() => Choices) | Iterable<Choice>;

// ---------------------------------------------------------------------------
// Media

type MediaCss = Record<string, string[]>;
export interface MediaDefinition {
  css?: Readonly<Record<string, readonly string[]>>;
  js?: readonly string[];
}

/**
 * Django's Media: css (by medium) and js lists, merged in order without
 * duplicates, rendered as `<link>` and `<script>` tags (paths escaped).
 */
export class Media {
  readonly css: MediaCss;
  readonly js: string[];
  constructor(definition: MediaDefinition = {}) {
    this.css = {};
    for (const [medium, paths] of Object.entries(definition.css ?? {})) this.css[medium] = [...paths];
    this.js = [...(definition.js ?? [])];
  }
  /** This media followed by `other`'s, duplicates dropped. */
  merge(other: Media): Media {
    const css: MediaCss = {};
    for (const src of [this.css, other.css]) {
      for (const [medium, paths] of Object.entries(src)) {
        const list = (css[medium] ??= []);
        for (const p of paths) if (!list.includes(p)) list.push(p);
      }
    }
    const js = [...this.js];
    for (const p of other.js) if (!js.includes(p)) js.push(p);
    return new Media({ css, js });
  }
  renderJs(): string[] {
    return this.js.map((p) => `<script src="${escapeHtml(p)}"></script>`);
  }
  renderCss(): string[] {
    return Object.keys(this.css)
      .sort()
      .flatMap((medium) => this.css[medium].map((p) => `<link href="${escapeHtml(p)}" media="${escapeHtml(medium)}" rel="stylesheet">`));
  }
  render(): SafeString {
    return new SafeString([...this.renderCss(), ...this.renderJs()].join('\n'));
  }
  __html__(): string {
    return this.render().value;
  }
  toString(): string {
    return this.render().value;
  }
}

// ---------------------------------------------------------------------------
// Base

export interface WidgetOptions {
  attrs?: Attrs;
  media?: MediaDefinition;
  templateName?: string;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Django's Widget: attrs, a template, value formatting and data extraction. */
export class Widget {
  attrs: Attrs;
  templateName = '';
  inputType = '';
  isRequired = false;
  supportsMicroseconds = true;
  useFieldset = false;
  readonly ownMedia: Media;
  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) };
    this.ownMedia = new Media(options.media);
    if (options.templateName) this.templateName = options.templateName;
  }
  get isHidden(): boolean {
    return this.inputType === 'hidden';
  }
  /** True when the form must be sent as multipart/form-data. */
  get needsMultipartForm(): boolean {
    return false;
  }
  get media(): Media {
    return this.ownMedia;
  }
  /** A copy that can be changed without touching this one (Django's deepcopy of a field's widget). */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.attrs = { ...this.attrs };
    return copy;
  }
  /** The value as the HTML shows it; null when there is none. */
  formatValue(value: unknown): unknown {
    if (value === '' || value === null || value === undefined) return null;
    if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
    return str(value);
  }
  buildAttrs(base: Attrs, extra?: Attrs): Attrs {
    return { ...base, ...(extra ?? {}) };
  }
  getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    return {
      widget: {
        name,
        is_hidden: this.isHidden,
        required: this.isRequired,
        value: this.formatValue(value),
        attrs: this.buildAttrs(this.attrs, attrs),
        template_name: this.templateName,
        type: this.inputType,
      },
    };
  }
  render(name: string, value: unknown, attrs?: Attrs, renderer?: Renderer): SafeString {
    const context = this.getContext(name, value, attrs);
    return new SafeString((renderer ?? getDefaultRenderer()).render(this.templateName, context));
  }
  /** The submitted value for `name` (undefined when absent). */
  valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    return data.get(name);
  }
  valueOmittedFromData(data: FormDataLike, _files: FormDataLike, name: string): boolean {
    return !data.has(name);
  }
  /** The id a `<label for>` points at (null for none). */
  idForLabel(id: string, _index?: string): string {
    return id;
  }
  useRequiredAttribute(_initial: unknown): boolean {
    return !this.isHidden;
  }
}

export class Input extends Widget {
  override templateName = 'django/forms/widgets/input.html';
  constructor(options: WidgetOptions & { inputType?: string } = {}) {
    super(options);
    if (options.inputType) this.inputType = options.inputType;
  }
}

export class TextInput extends Input {
  override inputType = 'text';
  override templateName = 'django/forms/widgets/text.html';
}
export class NumberInput extends Input {
  override inputType = 'number';
  override templateName = 'django/forms/widgets/number.html';
}
export class EmailInput extends Input {
  override inputType = 'email';
  override templateName = 'django/forms/widgets/email.html';
}
export class URLInput extends Input {
  override inputType = 'url';
  override templateName = 'django/forms/widgets/url.html';
}
export class SearchInput extends Input {
  override inputType = 'search';
  override templateName = 'django/forms/widgets/search.html';
}
export class TelInput extends Input {
  override inputType = 'tel';
  override templateName = 'django/forms/widgets/tel.html';
}
export class ColorInput extends Input {
  override inputType = 'color';
  override templateName = 'django/forms/widgets/color.html';
}

/** Never shows the submitted value again unless `renderValue` is true. */
export class PasswordInput extends Input {
  override inputType = 'password';
  override templateName = 'django/forms/widgets/password.html';
  readonly renderValue: boolean;
  constructor(options: WidgetOptions & { renderValue?: boolean } = {}) {
    super(options);
    this.renderValue = options.renderValue ?? false;
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    return super.getContext(name, this.renderValue ? value : null, attrs);
  }
}

export class HiddenInput extends Input {
  override inputType = 'hidden';
  override templateName = 'django/forms/widgets/hidden.html';
}

/** One hidden input per value. */
export class MultipleHiddenInput extends HiddenInput {
  override templateName = 'django/forms/widgets/multiple_hidden.html';
  override render(name: string, value: unknown, attrs?: Attrs, renderer?: Renderer): SafeString {
    const finalAttrs = this.buildAttrs(this.attrs, attrs);
    const id = finalAttrs.id as string | undefined;
    const values = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
    const parts = values.map((v, i) => {
      const a = { ...finalAttrs };
      if (id) a.id = `${id}_${i}`;
      return new HiddenInput({ attrs: a }).render(name, v, undefined, renderer).value;
    });
    return new SafeString(parts.join('\n'));
  }
  override valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    return data.getlist(name);
  }
}

/** Shows a date (or a Date) in `format` (default '%Y-%m-%d'). */
/**
 * Renders dates and times with `format`, else the first of the language's
 * input formats (Django's format_key), so a value cleaned from '21.12.2010'
 * shows as '21.12.2010' again in German.
 */
abstract class DateTimeBaseInput extends TextInput {
  readonly format: string | undefined;
  protected abstract readonly formatKey: InputFormatName;
  constructor(options: WidgetOptions & { format?: string } = {}) {
    super(options);
    this.format = options.format;
  }
  protected defaultFormat(): string {
    return getFormat(this.formatKey)[0]!;
  }
  /** The field's cleaned text value ('YYYY-MM-DD', 'HH:MM:SS') as a Date, when it is one. */
  protected asDate(_value: string): Date | null {
    return null;
  }
  override formatValue(value: unknown): unknown {
    const date = typeof value === 'string' ? this.asDate(value) : value;
    if (date instanceof Date && !Number.isNaN(date.getTime())) return strftime(date, this.format ?? this.defaultFormat());
    return super.formatValue(value);
  }
}

/** Python's strftime for the directives form formats use (UTC). */
export function strftime(d: Date, format: string): string {
  return format.replace(/%([YmdHIMSfybBp%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getUTCFullYear()).padStart(4, '0');
      case 'y':
        return pad(d.getUTCFullYear() % 100);
      case 'm':
        return pad(d.getUTCMonth() + 1);
      case 'd':
        return pad(d.getUTCDate());
      case 'H':
        return pad(d.getUTCHours());
      case 'M':
        return pad(d.getUTCMinutes());
      case 'S':
        return pad(d.getUTCSeconds());
      case 'f':
        return pad(d.getUTCMilliseconds() * 1000, 6);
      case 'I':
        return pad(d.getUTCHours() % 12 || 12);
      case 'p':
        return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'b':
        return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
      case 'B':
        return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()];
      default:
        return '%';
    }
  });
}

export class DateInput extends DateTimeBaseInput {
  override templateName = 'django/forms/widgets/date.html';
  protected readonly formatKey = 'DATE_INPUT_FORMATS';
  protected override asDate(value: string): Date | null {
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  }
}
export class DateTimeInput extends DateTimeBaseInput {
  override templateName = 'django/forms/widgets/datetime.html';
  protected readonly formatKey = 'DATETIME_INPUT_FORMATS';
}
export class TimeInput extends DateTimeBaseInput {
  override templateName = 'django/forms/widgets/time.html';
  protected readonly formatKey = 'TIME_INPUT_FORMATS';
  protected override asDate(value: string): Date | null {
    return /^\d{2}:\d{2}(:\d{2})?$/.test(value) ? new Date(`1970-01-01T${value}Z`) : null;
  }
}

export class Textarea extends Widget {
  override templateName = 'django/forms/widgets/textarea.html';
  constructor(options: WidgetOptions = {}) {
    super({ ...options, attrs: { cols: '40', rows: '10', ...(options.attrs ?? {}) } });
  }
}

/** Django's CheckboxInput: `checked` when `checkTest(value)`; submitted 'false'/'0'-ish values read as false. */
export class CheckboxInput extends Input {
  override inputType = 'checkbox';
  override templateName = 'django/forms/widgets/checkbox.html';
  readonly checkTest: (value: unknown) => boolean;
  constructor(options: WidgetOptions & { checkTest?: (value: unknown) => boolean } = {}) {
    super(options);
    this.checkTest = options.checkTest ?? ((v) => !(v === false || v === null || v === undefined || v === ''));
  }
  override formatValue(value: unknown): string | null {
    if (value === true || value === false || value === null || value === undefined || value === '') return null;
    return str(value);
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    if (this.checkTest(value)) attrs = { ...(attrs ?? {}), checked: true };
    return super.getContext(name, value, attrs);
  }
  override valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    if (!data.has(name)) return false; // an unchecked box is not submitted
    const value = data.get(name);
    const values: Record<string, boolean> = { true: true, false: false };
    if (typeof value === 'string') return values[value.toLowerCase()] ?? value;
    return Boolean(value);
  }
  override valueOmittedFromData(): boolean {
    return false; // HTML checkboxes do not appear in data when unchecked
  }
}

// ---------------------------------------------------------------------------
// Choices

/** Normalises choices to [value, label] pairs and [group, pairs] groups. */
export function normalizeChoices(choices: ChoicesInput | undefined): Choices {
  if (!choices) return [];
  const list = typeof choices === 'function' ? (choices as () => Choices)() : choices;
  return Array.isArray(list) ? list : Array.from(list as Iterable<Choice>);
}

export interface OptionContext {
  name: string;
  value: unknown;
  label: unknown;
  selected: boolean;
  index: string;
  attrs: Attrs;
  type: string;
  template_name: string;
  wrap_label: boolean;
}

/** Django's ChoiceWidget: Select, RadioSelect and the multiple variants. */
export class ChoiceWidget extends Widget {
  allowMultipleSelected = false;
  optionTemplateName = '';
  addIdIndex = true;
  checkedAttribute: Attrs = { checked: true };
  optionInheritsAttrs = true;
  private choicesInput: ChoicesInput;
  constructor(options: WidgetOptions & { choices?: ChoicesInput } = {}) {
    super(options);
    this.choicesInput = options.choices ?? [];
  }
  get choices(): Choices {
    return normalizeChoices(this.choicesInput);
  }
  set choices(value: ChoicesInput) {
    this.choicesInput = value;
  }
  override formatValue(value: unknown): string[] {
    // Django: a list of strings, None as '' (so a single select's empty option is selected)
    if ((value === null || value === undefined) && this.allowMultipleSelected) return [];
    const values = Array.isArray(value) ? value : [value];
    return values.map((v) => (v === null || v === undefined ? '' : str(v)));
  }
  /** [groupName, options, index] triples, as Django's optgroups(). */
  optgroups(name: string, value: string[], attrs?: Attrs): [unknown, OptionContext[], number][] {
    const groups: [unknown, OptionContext[], number][] = [];
    let hasSelected = false;
    let index = 0;
    for (const choice of this.choices) {
      const [optionValue, optionLabel] = choice as readonly [unknown, unknown];
      let groupName: unknown = null;
      let subgroup: Choice[];
      if (Array.isArray(optionLabel)) {
        groupName = optionValue;
        subgroup = optionLabel as Choice[];
      } else {
        subgroup = [[optionValue, optionLabel]];
      }
      const options: OptionContext[] = [];
      const subindexed = groupName !== null;
      let subindex = 0;
      for (const [v, label] of subgroup) {
        const text = v === null || v === undefined ? '' : str(v);
        const selected: boolean = (!hasSelected || this.allowMultipleSelected) && value.includes(text);
        hasSelected ||= selected;
        options.push(this.createOption(name, v ?? '', label, selected, subindexed ? `${index}_${subindex}` : String(index), attrs));
        subindex++;
      }
      groups.push([groupName, options, index]);
      index++;
    }
    return groups;
  }
  createOption(name: string, value: unknown, label: unknown, selected: boolean, index: string, attrs?: Attrs): OptionContext {
    const optionAttrs: Attrs = this.optionInheritsAttrs ? this.buildAttrs(this.attrs, attrs) : {};
    if (selected) Object.assign(optionAttrs, this.checkedAttribute);
    if ('id' in optionAttrs) optionAttrs.id = this.idForLabel(String(optionAttrs.id), index);
    return {
      name,
      value,
      label,
      selected,
      index,
      attrs: optionAttrs,
      type: this.inputType,
      template_name: this.optionTemplateName,
      wrap_label: true,
    };
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    const context = super.getContext(name, value, attrs);
    context.widget.optgroups = this.optgroups(name, context.widget.value, attrs);
    return context;
  }
  override idForLabel(id: string, index = '0'): string {
    return id && this.addIdIndex ? `${id}_${index}` : id;
  }
  override valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    return this.allowMultipleSelected ? data.getlist(name) : data.get(name);
  }
  override valueOmittedFromData(data: FormDataLike, _files: FormDataLike, name: string): boolean {
    return this.allowMultipleSelected ? false : !data.has(name);
  }
}

export class Select extends ChoiceWidget {
  override inputType = 'select';
  override templateName = 'django/forms/widgets/select.html';
  override optionTemplateName = 'django/forms/widgets/select_option.html';
  override addIdIndex = false;
  override checkedAttribute: Attrs = { selected: true };
  override optionInheritsAttrs = false;
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    const context = super.getContext(name, value, attrs);
    if (this.allowMultipleSelected) context.widget.attrs.multiple = true;
    return context;
  }
  /** A required select needs an empty first option to use the `required` attribute (HTML spec). */
  override useRequiredAttribute(initial: unknown): boolean {
    if (!super.useRequiredAttribute(initial)) return false;
    if (this.allowMultipleSelected) return true;
    const first = this.choices[0] as readonly [unknown, unknown] | undefined;
    return first !== undefined && !Array.isArray(first[1]) && (first[0] === '' || first[0] === null || first[0] === undefined);
  }
}

/** Unknown / Yes / No, submitted as 'unknown' / 'true' / 'false'. */
export class NullBooleanSelect extends Select {
  constructor(options: WidgetOptions = {}) {
    super({ ...options, choices: [['unknown', 'Unknown'], ['true', 'Yes'], ['false', 'No']] });
  }
  override formatValue(value: unknown): string[] {
    const map: Record<string, string> = { true: 'true', false: 'false', True: 'true', False: 'false', '2': 'true', '3': 'false' };
    return [map[str(value)] ?? 'unknown'];
  }
  override valueFromDatadict(data: FormDataLike, _files: FormDataLike, name: string): unknown {
    const value = data.get(name);
    const map: Record<string, boolean> = { True: true, true: true, False: false, false: false, '2': true, '3': false };
    if (value === true || value === false) return value;
    return typeof value === 'string' && value in map ? map[value] : null;
  }
}

export class SelectMultiple extends Select {
  override allowMultipleSelected = true;
  override valueOmittedFromData(): boolean {
    return false; // an empty selection is not submitted
  }
}

export class RadioSelect extends ChoiceWidget {
  override inputType = 'radio';
  override templateName = 'django/forms/widgets/radio.html';
  override optionTemplateName = 'django/forms/widgets/radio_option.html';
  override useFieldset = true;
  /** No `for` on the group's label: a screen reader reads the first radio otherwise. */
  override idForLabel(id: string, index?: string): string {
    return index === undefined ? '' : super.idForLabel(id, index);
  }
}

export class CheckboxSelectMultiple extends RadioSelect {
  override allowMultipleSelected = true;
  override inputType = 'checkbox';
  override templateName = 'django/forms/widgets/checkbox_select.html';
  override optionTemplateName = 'django/forms/widgets/checkbox_option.html';
  /** Browsers would require every box to be checked. */
  override useRequiredAttribute(): boolean {
    return false;
  }
  override valueOmittedFromData(): boolean {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Files

export class FileInput extends Input {
  override inputType = 'file';
  override templateName = 'django/forms/widgets/file.html';
  override get needsMultipartForm(): boolean {
    return true;
  }
  readonly allowMultipleSelected: boolean;
  constructor(options: WidgetOptions = {}) {
    super(options);
    this.allowMultipleSelected = Boolean(this.attrs.multiple);
  }
  override formatValue(_value: unknown): unknown {
    return null; // a file input never shows a value
  }
  override valueFromDatadict(_data: FormDataLike, files: FormDataLike, name: string): unknown {
    return this.allowMultipleSelected ? files.getlist(name) : files.get(name);
  }
  override valueOmittedFromData(_data: FormDataLike, files: FormDataLike, name: string): boolean {
    return !files.has(name);
  }
  override useRequiredAttribute(initial: unknown): boolean {
    return super.useRequiredAttribute(initial) && !initial;
  }
}

/** Marks "the clear checkbox was checked" (Django's FILE_INPUT_CONTRADICTION is separate). */
export const FILE_INPUT_CONTRADICTION: unique symbol = Symbol('FILE_INPUT_CONTRADICTION');

/** A file input with a "Clear" checkbox and a link to the current file. */
export class ClearableFileInput extends FileInput {
  clearCheckboxLabel = 'Clear';
  initialText = 'Currently';
  inputText = 'Change';
  override templateName = 'django/forms/widgets/clearable_file_input.html';
  checked = false;
  clearCheckboxName(name: string): string {
    return `${name}-clear`;
  }
  clearCheckboxId(name: string): string {
    return `${name}_id`;
  }
  isInitial(value: unknown): boolean {
    return Boolean(value && typeof value === 'object' && 'url' in (value as object));
  }
  override formatValue(value: unknown): any {
    return this.isInitial(value) ? value : null;
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    const context = super.getContext(name, value, attrs);
    const checkboxName = this.clearCheckboxName(name);
    Object.assign(context.widget, {
      checkbox_name: checkboxName,
      checkbox_id: this.clearCheckboxId(checkboxName),
      is_initial: this.isInitial(value),
      input_text: this.inputText,
      initial_text: this.initialText,
      clear_checkbox_label: this.clearCheckboxLabel,
      checked: this.checked,
    });
    if (this.isInitial(value)) context.widget.value = value;
    return context;
  }
  override valueFromDatadict(data: FormDataLike, files: FormDataLike, name: string): unknown {
    const upload = super.valueFromDatadict(data, files, name);
    const clearName = this.clearCheckboxName(name);
    this.checked = data.has(clearName) && !this.isRequired;
    if (!this.isRequired && new CheckboxInput().valueFromDatadict(data, files, clearName)) {
      if (upload) return FILE_INPUT_CONTRADICTION; // both a new file and "clear"
      return false; // False signals to clear any existing value
    }
    return upload;
  }
  override valueOmittedFromData(data: FormDataLike, files: FormDataLike, name: string): boolean {
    return super.valueOmittedFromData(data, files, name) && !data.has(this.clearCheckboxName(name));
  }
}

// ---------------------------------------------------------------------------
// MultiWidget

/** Several widgets for one field; the value is split by `decompress`. */
export class MultiWidget extends Widget {
  override templateName = 'django/forms/widgets/multiwidget.html';
  override useFieldset = true;
  widgets: Widget[];
  widgetsNames: string[];
  constructor(widgets: readonly Widget[] | Readonly<Record<string, Widget>>, options: WidgetOptions = {}) {
    super(options);
    if (Array.isArray(widgets)) {
      this.widgets = [...widgets];
      this.widgetsNames = widgets.map((_, i) => `_${i}`);
    } else {
      this.widgetsNames = Object.keys(widgets).map((k) => (k ? `_${k}` : ''));
      this.widgets = Object.values(widgets as Record<string, Widget>);
    }
  }
  override get isHidden(): boolean {
    return this.widgets.every((w) => w.isHidden);
  }
  override get media(): Media {
    return this.widgets.reduce((m, w) => m.merge(w.media), this.ownMedia);
  }
  override clone(): this {
    const copy = super.clone();
    copy.widgets = this.widgets.map((w) => w.clone());
    return copy;
  }
  /** Splits a compressed value into one value per widget. */
  decompress(_value: unknown): unknown[] {
    throw new Error('MultiWidget subclasses must implement decompress().');
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    const context = super.getContext(name, value, attrs);
    const values = Array.isArray(value) ? value : this.decompress(value);
    const finalAttrs = context.widget.attrs as Attrs;
    const inputType = finalAttrs.type;
    delete finalAttrs.type;
    const id = finalAttrs.id as string | undefined;
    const subwidgets: unknown[] = [];
    this.widgets.forEach((widget, i) => {
      if (inputType !== undefined) widget.inputType = String(inputType);
      const widgetName = name + this.widgetsNames[i];
      const widgetAttrs = { ...finalAttrs };
      if (id) widgetAttrs.id = `${id}${this.widgetsNames[i]}`;
      subwidgets.push(widget.getContext(widgetName, values[i] ?? null, widgetAttrs).widget);
    });
    context.widget.subwidgets = subwidgets;
    return context;
  }
  override idForLabel(id: string): string {
    return id ? id + this.widgetsNames[0] : id;
  }
  override valueFromDatadict(data: FormDataLike, files: FormDataLike, name: string): unknown {
    return this.widgets.map((w, i) => w.valueFromDatadict(data, files, name + this.widgetsNames[i]));
  }
  override valueOmittedFromData(data: FormDataLike, files: FormDataLike, name: string): boolean {
    return this.widgets.every((w, i) => w.valueOmittedFromData(data, files, name + this.widgetsNames[i]));
  }
  override get needsMultipartForm(): boolean {
    return this.widgets.some((w) => w.needsMultipartForm);
  }
}

/** A DateInput and a TimeInput for one DateTimeField. */
export class SplitDateTimeWidget extends MultiWidget {
  override templateName = 'django/forms/widgets/splitdatetime.html';
  override supportsMicroseconds = false;
  constructor(options: WidgetOptions & { dateFormat?: string; timeFormat?: string; dateAttrs?: Attrs; timeAttrs?: Attrs } = {}) {
    super(
      [
        new DateInput({ attrs: options.dateAttrs ?? options.attrs, format: options.dateFormat }),
        new TimeInput({ attrs: options.timeAttrs ?? options.attrs, format: options.timeFormat }),
      ],
      options,
    );
  }
  override decompress(value: unknown): unknown[] {
    if (value instanceof Date && !Number.isNaN(value.getTime())) {
      return [strftime(value, '%Y-%m-%d'), strftime(value, '%H:%M:%S')];
    }
    return [null, null];
  }
}

export class SplitHiddenDateTimeWidget extends SplitDateTimeWidget {
  override templateName = 'django/forms/widgets/splithiddendatetime.html';
  constructor(options: ConstructorParameters<typeof SplitDateTimeWidget>[0] = {}) {
    super(options);
    for (const w of this.widgets) w.inputType = 'hidden';
  }
}
