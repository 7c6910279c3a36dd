/**
 * Template exceptions (django.template.exceptions). A TemplateSyntaxError
 * carries where it happened: template name, line, column and the source line,
 * which is what a debug page shows.
 */
import { ImproperlyConfigured } from '../core/exceptions';

/** Where in a template source an error was found. */
export interface SourcePosition {
  name: string;
  line: number;
  column: number;
  sourceLine: string;
}

/** A template that cannot be parsed (Django's TemplateSyntaxError). */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  /** Template name, 1-based line and column, and the text of that line; set when known. */
  position?: SourcePosition;
  constructor(message: string, position?: SourcePosition) {
    super(position ? `${message}\n  ${position.name}, line ${position.line}, column ${position.column}:\n  ${excerpt(position.sourceLine, position.column)}` : message);
    this.position = position;
    /** The message without the location. */
    this.reason = message;
  }
  reason: string;
}

/** Characters of the source line a message quotes at most (a minified or 10 MB line stays readable). */
const EXCERPT = 160;

/** The part of a long source line around `column`, elided with "…". */
function excerpt(line: string, column: number): string {
  if (line.length <= EXCERPT) return line;
  const start = Math.max(0, Math.min(column - 1 - EXCERPT / 2, line.length - EXCERPT));
  return `${start > 0 ? '…' : ''}${line.slice(start, start + EXCERPT)}${start + EXCERPT < line.length ? '…' : ''}`;
}

/**
 * No loader could find the named template. `tried` lists where it was looked
 * for; across several engines (`getTemplate` of `manouche/template`), `chain`
 * holds each engine's own error, its `backend` naming the engine.
 */
export class TemplateDoesNotExist extends Error {
  override name = 'TemplateDoesNotExist';
  /** The alias of the engine that raised it (set when searching several engines). */
  backend?: string;
  constructor(
    readonly templateName: string,
    readonly tried: string[] = [],
    readonly chain: TemplateDoesNotExist[] = [],
  ) {
    super(chain.length ? `${templateName}\n${describeChain(chain)}` : templateName);
  }
}

/** One line per engine: its alias and what its loaders tried. */
function describeChain(chain: TemplateDoesNotExist[]): string {
  return chain
    .map((e) => `  engine '${e.backend ?? '?'}' tried: ${e.tried.length ? e.tried.join(', ') : `nothing (no loader has ${JSON.stringify(e.templateName)})`}`)
    .join('\n');
}

/** The TEMPLATES setting has no engine of that alias (Django's InvalidTemplateEngineError). */
export class InvalidTemplateEngineError extends ImproperlyConfigured {
  override name = 'InvalidTemplateEngineError';
}

/** A variable lookup failed (raised only where Django raises it, e.g. filter arguments). */
export class VariableDoesNotExist extends Error {
  override name = 'VariableDoesNotExist';
}
