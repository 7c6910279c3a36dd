/**
 * Form renderers (django.forms.renderers): widgets, fields, forms, error
 * lists and formsets render through named templates. The default renderer
 * uses this repository's template Engine over the built-in templates; a
 * project overrides any of them by passing templates of the same name.
 *
 * @example
 * setDefaultRenderer(new TemplatesRenderer({ 'django/forms/div.html': '...' }));
 */
import { Engine } from '../template/engine';
import { formTemplates } from './templates';

/** Anything that renders a named template with a context to a string. */
export interface Renderer {
  /** Template names used by forms, formsets and fields. */
  readonly formTemplateName: string;
  readonly formsetTemplateName: string;
  readonly fieldTemplateName: string;
  render(templateName: string, context: Record<string, unknown>): string;
}

/** Django's DjangoTemplates renderer, in memory: the built-in templates, overridable. */
export class TemplatesRenderer implements Renderer {
  readonly formTemplateName: string = 'django/forms/div.html';
  readonly formsetTemplateName: string = 'django/forms/formsets/div.html';
  readonly fieldTemplateName: string = 'django/forms/field.html';
  readonly engine: Engine;
  constructor(
    overrides: Readonly<Record<string, string>> = {},
    options: { formTemplateName?: string; formsetTemplateName?: string; fieldTemplateName?: string; mode?: 'compiled' | 'interpreted' } = {},
  ) {
    // 'interpreted' never calls `new Function`, for pages under a strict Content-Security-Policy
    this.engine = new Engine({ templates: { ...formTemplates, ...overrides }, mode: options.mode });
    if (options.formTemplateName) this.formTemplateName = options.formTemplateName;
    if (options.formsetTemplateName) this.formsetTemplateName = options.formsetTemplateName;
    if (options.fieldTemplateName) this.fieldTemplateName = options.fieldTemplateName;
  }
  render(templateName: string, context: Record<string, unknown>): string {
    return this.engine.getTemplate(templateName).render(context).trim();
  }
}

let defaultRenderer: Renderer | undefined;

/** The renderer forms use when none is given (Django's FORM_RENDERER). */
export function getDefaultRenderer(): Renderer {
  return (defaultRenderer ??= new TemplatesRenderer());
}

/** Replaces the default renderer (undefined restores the built-in one). */
export function setDefaultRenderer(renderer: Renderer | undefined): void {
  defaultRenderer = renderer;
}
