/**
 * The `static` template library (django.templatetags.static):
 * `{% load static %}{% static 'polls/style.css' %}`, `{% static path as var %}`,
 * `{% get_static_prefix %}` and `{% get_media_prefix %}` (each also `as var`).
 * URLs come from the configured staticfiles storage (hashed names with the
 * manifest storage), or STATIC_URL + the quoted path when the staticfiles app
 * is not installed, as in Django.
 *
 * @example
 * const engine = new Engine({ libraries: { static: staticLibrary } });
 * engine.fromString("{% load static %}{% static 'a b.css' %}").render({}); // '/static/a%20b.css'
 */
import { apps } from '../../apps/registry';
import { settings } from '../../conf/settings';
import type { Context } from '../../template/context';
import type { FilterExpression, Node } from '../../template/base';
import { TemplateSyntaxError } from '../../template/errors';
import { Library } from '../../template/library';
import { escapeHtml, SafeString } from '../../template/safe';
import { quote } from '../../utils/http';
import { staticfilesStorage } from './storage';
import { urljoin } from './utils';

/** The name the staticfiles app is installed under. */
export const STATICFILES_APP = 'manouche.contrib.staticfiles';

/** Django's iri_to_uri for a settings prefix: keeps reserved and unreserved characters. */
function iriToUri(text: string): string {
  return quote(text, "/#%[]=:;$&()+,!?*@'~");
}

/** PrefixNode.handle_simple: the setting's value as a URI ('' when unset). */
export function staticPrefix(name: 'STATIC_URL' | 'MEDIA_URL' = 'STATIC_URL'): string {
  const value = settings[name];
  return value ? iriToUri(String(value)) : '';
}

/** StaticNode.handle_simple: the URL of a static file by path (Django's `static()`). */
export function staticUrl(path: string): string {
  if (apps.isInstalled(STATICFILES_APP)) return staticfilesStorage().url(path);
  return urljoin(staticPrefix('STATIC_URL'), quote(path));
}

function output(ctx: Context, value: string, varname: string | undefined): string {
  const shown = ctx.autoescape ? escapeHtml(value) : value;
  if (varname === undefined) return shown;
  ctx.set(varname, ctx.autoescape ? new SafeString(shown) : value);
  return '';
}

class StaticNode implements Node {
  constructor(
    readonly path: FilterExpression,
    readonly varname: string | undefined,
  ) {}
  render(ctx: Context): string {
    return output(ctx, staticUrl(String(this.path.resolve(ctx))), this.varname);
  }
  expressions(): FilterExpression[] {
    return [this.path];
  }
  binds(): string[] {
    return this.varname ? [this.varname] : [];
  }
}

class PrefixNode implements Node {
  constructor(
    readonly setting: 'STATIC_URL' | 'MEDIA_URL',
    readonly varname: string | undefined,
  ) {}
  render(ctx: Context): string {
    return output(ctx, staticPrefix(this.setting), this.varname);
  }
  expressions(): FilterExpression[] {
    return [];
  }
  binds(): string[] {
    return this.varname ? [this.varname] : [];
  }
}

export const staticLibrary = new Library();

staticLibrary.tag('static', (parser, token) => {
  const bits = token.bits;
  if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]?.text ?? 'static'}' takes at least one argument (path to file)`);
  const varname = bits.length >= 4 && bits[bits.length - 2].text === 'as' ? bits[bits.length - 1].text : undefined;
  return new StaticNode(parser.compileFilter(bits[1]), varname);
});

for (const [tag, setting] of [
  ['get_static_prefix', 'STATIC_URL'],
  ['get_media_prefix', 'MEDIA_URL'],
] as const) {
  staticLibrary.tag(tag, (_parser, token) => {
    const words = token.contents.split(/\s+/).filter(Boolean);
    if (words.length > 1 && words[1] !== 'as') throw new TemplateSyntaxError(`First argument in '${words[0]}' must be 'as'`);
    if (words.length === 2) throw new TemplateSyntaxError(`'${words[0]} as' needs a variable name`);
    return new PrefixNode(setting, words.length > 1 ? words[2] : undefined);
  });
}
