/** URL routing, Django's django.urls: path(), include(), resolve(), reverse(). */
export { path, rePath, include, URLPattern, URLResolver, Included } from './conf';
export type { View, RouteParams, PathConverterTypes, PatternOptions, URLEntry, URLconfModule, IncludeTarget } from './conf';
export { registerConverter, type Converter } from './converters';
export { resolve, reverse, isValidPath, getResolver, getUrlconf, setUrlconf, clearUrlCaches } from './base';
export { getScriptPrefix, setScriptPrefix, type ReverseOptions } from './reverse';
export { ResolverMatch } from './match';
export { Resolver404, NoReverseMatch } from './exceptions';
export { RoutePattern, RegexPattern } from './patterns';
export { CompiledURLconf } from './resolver';
