/**
 * Django's RelatedFieldWidgetWrapper: the select of a ForeignKey or
 * ManyToManyField with a "+" link to add a related object (when the user may
 * add one) and, for a single select, a pencil link to change the chosen one
 * (when the user may change it). The links are plain links to the related
 * admin's pages; RelatedObjectLookups.js opens them as a popup (_popup=1)
 * whose popup_response page hands the saved object back to the select.
 *
 * Permissions are asynchronous and rendering is not: `loadPermissions()`
 * runs before the form renders (prepareAdminWidgets), and until it has,
 * no link is shown.
 */
import type { FormDataLike } from '../../forms/utils';
import { Media, Widget, type Attrs } from '../../forms/widgets';
import { SafeString, escapeHtml } from '../../template/safe';
import { reverse } from '../../urls/index';
import { TO_FIELD_VAR } from './changelist';
import { adminScripts } from './widgets';


/** The related model's admin, as far as the links need it. */
export interface RelatedAdmin {
  hasAddPermission(request: any): Promise<boolean>;
  hasChangePermission(request: any, obj?: unknown): Promise<boolean>;
}

export interface RelatedTarget {
  /** The related model (its _meta names the URLs). */
  model: any;
  /** The field the relation points at (`_to_field`): the primary key's name unless to_field says otherwise. */
  toField: string;
  siteName: string;
  admin: RelatedAdmin;
}

export class RelatedFieldWidgetWrapper extends Widget {
  canAddRelated = false;
  canChangeRelated = false;
  constructor(
    public widget: Widget,
    readonly target: RelatedTarget,
  ) {
    super();
    this.share();
  }
  /** The inner widget's attrs and required flag are the wrapper's (the form field sets them on its widget). */
  private share(): void {
    this.attrs = this.widget.attrs;
    this.inputType = this.widget.inputType;
    Object.defineProperty(this, 'isRequired', { get: () => this.widget.isRequired, set: (v: boolean) => (this.widget.isRequired = v), configurable: true, enumerable: false });
  }
  override clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    for (const k of ['target', 'canAddRelated', 'canChangeRelated', 'templateName', 'supportsMicroseconds', 'useFieldset', 'ownMedia'] as const) (copy as any)[k] = (this as any)[k];
    copy.widget = this.widget.clone();
    copy.share();
    return copy;
  }
  /** Django's can_add_related / can_change_related: the related admin's permissions for this request. */
  async loadPermissions(request: unknown): Promise<void> {
    this.canAddRelated = await this.target.admin.hasAddPermission(request);
    this.canChangeRelated = !this.multiple && (await this.target.admin.hasChangePermission(request));
  }
  get multiple(): boolean {
    return !!(this.widget as { allowMultipleSelected?: boolean }).allowMultipleSelected;
  }
  get choices(): unknown {
    return (this.widget as { choices?: unknown }).choices;
  }
  set choices(value: unknown) {
    if ('choices' in this.widget) (this.widget as { choices?: unknown }).choices = value;
  }
  override get isHidden(): boolean {
    return this.widget.isHidden;
  }
  override get needsMultipartForm(): boolean {
    return this.widget.needsMultipartForm;
  }
  override get media(): Media {
    return this.widget.media.merge(new Media({ js: adminScripts('RelatedObjectLookups.js') }));
  }
  override formatValue(value: unknown): unknown {
    return this.widget.formatValue(value);
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): Record<string, any> {
    return this.widget.getContext(name, value, attrs);
  }
  override valueFromDatadict(data: FormDataLike, files: FormDataLike, name: string): unknown {
    return this.widget.valueFromDatadict(data, files, name);
  }
  override valueOmittedFromData(data: FormDataLike, files: FormDataLike, name: string): boolean {
    return this.widget.valueOmittedFromData(data, files, name);
  }
  override idForLabel(id: string, index?: string): string {
    return this.widget.idForLabel(id, index);
  }
  override useRequiredAttribute(initial: unknown): boolean {
    return this.widget.useRequiredAttribute(initial);
  }

  /** A URL of the related admin ('' when the model's admin has no such page on this site). */
  private relatedUrl(view: 'add' | 'change', args: string[] = []): string {
    const { appLabel, modelName } = this.target.model._meta;
    try {
      return reverse(`${this.target.siteName}:${appLabel}_${modelName}_${view}`, { args, currentApp: this.target.siteName });
    } catch {
      return '';
    }
  }

  override render(name: string, value: unknown, attrs?: Attrs, renderer?: any): SafeString {
    const inner = this.widget.render(name, value, attrs, renderer);
    if (this.isHidden) return inner;
    const meta = this.target.model._meta;
    const verbose = escapeHtml(meta.verboseName);
    const params = `${TO_FIELD_VAR}=${encodeURIComponent(this.target.toField)}`;
    const links: string[] = [];
    // The change page is named by the primary key: the pencil only follows a select of keys.
    const byPk = this.target.toField === meta.pk.name;
    const template = byPk ? this.relatedUrl('change', ['__fk__']) : '';
    if (this.canChangeRelated && template) {
      const current = value === null || value === undefined || value === '' ? '' : template.replace('__fk__', encodeURIComponent(String(value)));
      links.push(
        `<a class="related-widget-wrapper-link change-related" id="change_id_${escapeHtml(name)}"${current ? ` href="${escapeHtml(`${current}?${params}`)}"` : ''} data-href-template="${escapeHtml(`${template}?${params}`)}" data-popup="yes" title="Change selected ${verbose}">Change</a>`,
      );
    }
    const addUrl = this.relatedUrl('add');
    if (this.canAddRelated && addUrl) {
      links.push(`<a class="related-widget-wrapper-link add-related" id="add_id_${escapeHtml(name)}" href="${escapeHtml(`${addUrl}?${params}`)}" data-popup="yes" title="Add another ${verbose}">Add</a>`);
    }
    return new SafeString(`<div class="related-widget-wrapper" data-model-ref="${escapeHtml(meta.modelName)}">${inner}${links.join('')}</div>`);
  }
}

/** Django's popup_response data: what the popup hands the opener after a save (value as text, the object's name). */
export function popupResponseData(obj: any, toField: string | null, action: 'add' | 'change', objectId?: string): string {
  const attr = toField && toField !== 'pk' ? toField : obj.constructor._meta.pk.attname ?? obj.constructor._meta.pk.name;
  const raw = obj[attr] ?? (attr === obj.constructor._meta.pk.name ? obj.pk : undefined);
  const value = String(raw && typeof raw === 'object' && 'pk' in raw ? raw.pk : raw);
  return JSON.stringify(action === 'change' ? { action, value: objectId, obj: String(obj), new_value: value } : { value, obj: String(obj) });
}

