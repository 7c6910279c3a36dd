/**
 * The Django Template Language (`manouche/template`).
 *
 * @example
 * import { Engine } from 'manouche/template';
 * const engine = new Engine({ templates: { 'base.html': '<h1>{% block title %}{% endblock %}</h1>' } });
 * engine.fromString('{% extends "base.html" %}{% block title %}{{ t|upper }}{% endblock %}').render({ t: 'hi' });
 * // '<h1>HI</h1>'
 */
export { Engine, type EngineOptions, type ContextProcessor } from './engine';
export { Template } from './template';
export { Context, type Dict } from './context';
export { Library, type FilterOptions, type SimpleTagOptions } from './library';
export { SafeString, markSafe, isSafe, escapeHtml } from './safe';
export { TemplateSyntaxError, TemplateDoesNotExist, VariableDoesNotExist, InvalidTemplateEngineError, type SourcePosition } from './errors';
export { LocmemLoader, FilesystemLoader, AppDirectoriesLoader, CachedLoader, type Loader, type TemplateFS } from './loaders';
export type { Node, NodeList, Parser, TagCompiler, FilterDef, FilterFunction, TemplateDebug } from './base';
export type { TagShape, TagRecord, Bit } from './stream';
export { formatDate, localtime, type DateLike } from './dateformat';
export { type Reverse } from './defaulttags';
export { LiquidBackend, liquidBackend, type TemplateBackend } from './backends/liquid';
export { djangoBackend, type TemplateSetting, type BackendEnv, type LoaderSpec } from './backends/django';
export { engines, EngineHandler, installTemplateFS, appTemplateSources, type EnginesEnv, type NormalizedTemplateSetting } from './utils';
export { getTemplate, selectTemplate, renderToString, type BackendTemplate } from './loader';
