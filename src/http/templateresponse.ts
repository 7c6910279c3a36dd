/**
 * Responses rendered late (django.template.response): a view returns the
 * template and the context; middleware's processTemplateResponse may change
 * either; the handler renders just before sending.
 *
 * @example
 * return new TemplateResponse(request, 'polls/index.html', { latest_question_list });
 */
import type { Dict } from '../template/context';
import { ContentNotRenderedError } from './exceptions';
import { type Content, HttpResponse, type ResponseInit } from './response';
import { renderTemplate, selectTemplate } from './templates';
import { prepareContext } from '../template/prepare';

type TemplateLike = { render(context?: Dict, request?: unknown): string };
export type TemplateSpec = string | readonly string[] | TemplateLike;

export class SimpleTemplateResponse extends HttpResponse {
  /** The template name(s) or object; may be replaced until rendering. */
  templateName: TemplateSpec;
  contextData: Dict;
  using: string | undefined;
  private rendered = false;
  private callbacks: Array<(response: HttpResponse) => HttpResponse | void> = [];

  constructor(template: TemplateSpec, context: Dict = {}, init: ResponseInit & { using?: string } = {}) {
    super('', init);
    this.templateName = template;
    this.contextData = context;
    this.using = init.using;
    this.rendered = false;
  }

  protected requestForRender(): unknown {
    return undefined;
  }

  /** The template object this response renders. */
  resolveTemplate(template: TemplateSpec): TemplateLike {
    if (typeof template === 'string' || Array.isArray(template)) return selectTemplate(template as string | readonly string[], this.using);
    return template as TemplateLike;
  }

  /** The rendered text, without marking the response rendered. */
  get renderedContent(): string {
    const template = this.prepared?.spec === this.templateName ? this.prepared.template : this.resolveTemplate(this.templateName);
    return renderTemplate(template, this.contextData, this.requestForRender());
  }

  /**
   * Awaits what the context processors read for the names the template
   * uses (the auth processor's user and permissions); the handler calls it
   * just before render(), which is synchronous.
   */
  async prepareRender(): Promise<void> {
    if (this.rendered) return;
    const template = this.resolveTemplate(this.templateName);
    await prepareContext(template, this.requestForRender());
    // Rendered as prepared (not loaded again: without a cached loader that would parse it twice).
    this.prepared = { spec: this.templateName, template };
  }

  private prepared?: { spec: TemplateSpec; template: TemplateLike };

  /** Runs `callback` after rendering (at once when already rendered); it may return a replacement response. */
  addPostRenderCallback(callback: (response: HttpResponse) => HttpResponse | void): void {
    if (this.rendered) callback(this);
    else this.callbacks.push(callback);
  }

  get isRendered(): boolean {
    return this.rendered;
  }

  /** Renders once; returns this response or the one a post-render callback returned. */
  render(): HttpResponse {
    let response: HttpResponse = this;
    if (!this.rendered) {
      this.content = this.renderedContent;
      for (const cb of this.callbacks) {
        const next = cb(response);
        if (next) response = next;
      }
    }
    return response;
  }

  override get content(): Uint8Array {
    if (!this.rendered) throw new ContentNotRenderedError('The response content must be rendered before it can be accessed.');
    return super.content;
  }
  override set content(value: Content) {
    super.content = value;
    this.rendered = true;
  }

  override get text(): string {
    if (!this.rendered) throw new ContentNotRenderedError('The response content must be rendered before it can be accessed.');
    return super.text;
  }
}

/** A SimpleTemplateResponse that renders with the request (context processors run). */
export class TemplateResponse extends SimpleTemplateResponse {
  constructor(
    readonly request: unknown,
    template: TemplateSpec,
    context: Dict = {},
    init: ResponseInit & { using?: string } = {},
  ) {
    super(template, context, init);
  }
  protected override requestForRender(): unknown {
    return this.request;
  }
}
