/**
 * BoundField (django.forms.boundfield): a field together with a form's data
 * for it. It renders the widget, the label and the errors, and it is what
 * `{{ form.title }}` gives a template, where Django's snake_case names
 * (`label_tag`, `help_text`, `errors`, `id_for_label`, `css_classes`, ...)
 * read without arguments.
 */
import { SafeString } from '../template/safe';
import type { Field } from './fields';
import type { BaseForm } from './forms';
import { ErrorList, str } from './utils';
import type { Attrs, Widget } from './widgets';

export class BoundField {
  readonly htmlName: string;
  readonly htmlInitialName: string;
  readonly htmlInitialId: string;
  readonly label: string;
  readonly helpText: string;
  private initialCache: { value: unknown } | undefined;

  constructor(
    readonly form: BaseForm<any>,
    readonly field: Field,
    readonly name: string,
  ) {
    this.htmlName = form.addPrefix(name);
    this.htmlInitialName = form.addInitialPrefix(name);
    this.htmlInitialId = form.addInitialPrefix(this.autoId);
    this.label = field.label ?? prettyLabel(name);
    this.helpText = field.helpText ?? '';
  }

  /** This field's errors (an empty list when it has none). */
  get errors(): ErrorList {
    const found = this.form.hasErrorsComputed() ? this.form.errors.get(this.name) : undefined;
    if (found) return found;
    const empty = new ErrorList([], undefined, this.form.renderer);
    empty.field_id = this.autoId || undefined;
    return empty;
  }

  /** The submitted value, as the widget reads it from the data. */
  get data(): unknown {
    return this.form.widgetDataValue(this.field.widget, this.htmlName);
  }

  /** The initial value (from the form's `initial`, else the field's). */
  get initial(): unknown {
    return (this.initialCache ??= { value: this.form.getInitialForField(this.field, this.name) }).value;
  }

  /** The value the widget shows. */
  value(): unknown {
    let data = this.initial;
    if (this.form.isBound) data = this.field.boundData(this.data, data);
    return this.field.prepareValue(data);
  }

  /** Whether the submitted value differs from the initial one. */
  hasChanged(): boolean {
    const field = this.field;
    let initialValue: unknown;
    if (field.showHiddenInitial) {
      initialValue = this.form.widgetDataValue(field.hiddenWidget(), this.htmlInitialName);
      try {
        initialValue = field.toPython(initialValue);
      } catch {
        return true;
      }
    } else {
      initialValue = this.initial;
    }
    return field.hasChanged(initialValue, this.data);
  }

  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }

  /** Django's auto_id: 'id_<html name>' by default, '' when the form has none. */
  get autoId(): string {
    const autoId = this.form.autoId;
    if (autoId && autoId.includes('%s')) return autoId.replace('%s', this.htmlName);
    if (autoId) return this.htmlName;
    return '';
  }

  get idForLabel(): string {
    const widget = this.field.widget;
    const id = (widget.attrs.id as string | undefined) ?? this.autoId;
    return widget.idForLabel(id);
  }

  get useFieldset(): boolean {
    return this.field.widget.useFieldset;
  }

  /** Attributes the form adds to the widget: required, disabled, aria-*. */
  buildWidgetAttrs(attrs: Attrs, widget: Widget = this.field.widget): Attrs {
    const out: Attrs = { ...attrs };
    if (widget.useRequiredAttribute(this.initial) && this.field.required && this.form.useRequiredAttribute) {
      // a MultiWidget's subwidgets decide for themselves (Django: required only when all are required)
      out.required = true;
    }
    if (this.field.disabled) out.disabled = true;
    if (this.field.helpText && !widget.isHidden && !this.useFieldset && this.autoId && !('aria-describedby' in attrs) && !('aria-describedby' in widget.attrs)) {
      out['aria-describedby'] = `${this.autoId}_helptext`;
    }
    if (!widget.isHidden && this.form.isBound && this.form.hasErrorsComputed() && this.errors.length && !('aria-invalid' in widget.attrs)) out['aria-invalid'] = 'true';
    return out;
  }

  /** The widget's HTML (Django's as_widget). */
  asWidget(widget?: Widget, attrs: Attrs = {}, onlyInitial = false): SafeString {
    const w = widget ?? this.field.widget;
    const finalAttrs = this.buildWidgetAttrs(attrs, w);
    if (this.autoId && !('id' in w.attrs) && !('id' in finalAttrs)) finalAttrs.id = onlyInitial ? this.htmlInitialId : this.autoId;
    let value: unknown;
    if (onlyInitial && this.form.data.has(this.htmlInitialName)) value = this.form.widgetDataValue(this.field.hiddenWidget(), this.htmlInitialName);
    else value = this.value();
    return w.render(onlyInitial ? this.htmlInitialName : this.htmlName, value, finalAttrs, this.form.renderer);
  }

  asText(attrs?: Attrs, onlyInitial = false): SafeString {
    return this.asWidget(new (importWidgets().TextInput)(), attrs, onlyInitial);
  }
  asTextarea(attrs?: Attrs, onlyInitial = false): SafeString {
    return this.asWidget(new (importWidgets().Textarea)(), attrs, onlyInitial);
  }
  asHidden(attrs?: Attrs, onlyInitial = false): SafeString {
    return this.asWidget(this.field.hiddenWidget(), attrs, onlyInitial);
  }

  /**
   * `<label for="id">Label:</label>` (Django's label_tag): the form's label
   * suffix is added unless the label ends in punctuation; escaped.
   */
  labelTag(contents?: string | SafeString, attrs?: Attrs, labelSuffix?: string | null, tag = 'label'): SafeString {
    let text: string | SafeString = contents ?? this.label;
    const suffix = labelSuffix ?? this.field.labelSuffix ?? this.form.labelSuffix;
    const plain = str(text);
    if (suffix && plain && !':?.!'.includes(plain[plain.length - 1])) {
      text = text instanceof SafeString ? new SafeString(text.value + escape(suffix)) : new SafeString(escape(plain) + escape(suffix));
    }
    let finalAttrs = attrs ? { ...attrs } : undefined;
    const widget = this.field.widget;
    const id = (widget.attrs.id as string | undefined) ?? this.autoId;
    if (id) {
      const forId = widget.idForLabel(id);
      if (forId) finalAttrs = { ...(finalAttrs ?? {}), for: forId };
      if (this.field.required && this.form.requiredCssClass) {
        finalAttrs ??= {};
        finalAttrs.class = finalAttrs.class ? `${finalAttrs.class} ${this.form.requiredCssClass}` : this.form.requiredCssClass;
      }
    }
    const context = { field: this, label: text, attrs: finalAttrs ?? {}, use_tag: Boolean(id), tag };
    return new SafeString(this.form.renderer.render(this.form.templateNameLabel, context));
  }
  legendTag(contents?: string | SafeString, attrs?: Attrs, labelSuffix?: string | null): SafeString {
    return this.labelTag(contents, attrs, labelSuffix, 'legend');
  }

  /** The CSS classes of the row: the form's error and required classes. */
  cssClasses(extra?: string): string {
    const classes = new Set((extra ?? '').split(/\s+/).filter(Boolean));
    if (this.form.errorCssClass && this.form.hasErrorsComputed() && this.errors.length) classes.add(this.form.errorCssClass);
    if (this.form.requiredCssClass && this.field.required) classes.add(this.form.requiredCssClass);
    return [...classes].join(' ');
  }

  get widgetType(): string {
    return this.field.widget.constructor.name.toLowerCase().replace(/(input|widget)$/, '');
  }

  /** Label, help text, errors and widget, through the field template (Django's as_field_group). */
  asFieldGroup(): SafeString {
    const templateName = this.field.templateName ?? this.form.renderer.fieldTemplateName;
    return new SafeString(this.form.renderer.render(templateName, { field: this }));
  }

  render(): SafeString {
    if (this.field.showHiddenInitial) return new SafeString(this.asWidget().value + this.asHidden(undefined, true).value);
    return this.asWidget();
  }
  __html__(): string {
    return this.render().value;
  }
  toString(): string {
    return this.render().value;
  }

  // Django's names, for templates (no arguments).
  get label_tag(): SafeString {
    return this.labelTag();
  }
  get legend_tag(): SafeString {
    return this.legendTag();
  }
  get help_text(): string {
    return this.helpText;
  }
  get html_name(): string {
    return this.htmlName;
  }
  get auto_id(): string {
    return this.autoId;
  }
  get id_for_label(): string {
    return this.idForLabel;
  }
  get css_classes(): string {
    return this.cssClasses();
  }
  get is_hidden(): boolean {
    return this.isHidden;
  }
  get use_fieldset(): boolean {
    return this.useFieldset;
  }
  get widget_type(): string {
    return this.widgetType;
  }
  get as_field_group(): SafeString {
    return this.asFieldGroup();
  }
  get as_hidden(): SafeString {
    return this.asHidden();
  }
  get as_widget(): SafeString {
    return this.asWidget();
  }
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

function prettyLabel(name: string): string {
  const spaced = name.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// widgets.ts imports nothing from here. Named imports, not a namespace: a namespace object is
// a top-level statement bundlers keep, which would make the forms chunk look side-effectful.
import { TextInput, Textarea } from './widgets';
function importWidgets(): { TextInput: typeof TextInput; Textarea: typeof Textarea } {
  return { TextInput, Textarea };
}
