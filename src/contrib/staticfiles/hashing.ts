/**
 * HashedFilesMixin.post_process (what collectstatic does with the manifest
 * storage): every collected file gets a copy named `name.<12 hex md5>.ext`;
 * CSS and JavaScript files first have their references (url(...), @import,
 * sourceMappingURL, ES module imports) rewritten to the hashed names of their
 * targets, then are hashed on the rewritten content. Files referencing each
 * other take several passes (at most 5), deepest paths first, as in Django.
 *
 * Isomorphic: the target storage and the hash function are injected
 * (manouche/node gives node:fs and md5).
 */
import { ValueError } from '../../core/exceptions';
import { normpath, splitName, unquote, unsplitName } from './utils';

/** The target storage (STATIC_ROOT) as post-processing sees it. */
export interface HashTarget {
  exists(name: string): Promise<boolean>;
  read(name: string): Promise<Uint8Array>;
  save(name: string, content: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
  /** How errors name the storage ("ManifestStaticFilesStorage at '/srv/static'"). */
  describe(): string;
  /** FileSystemStorage.url of a (hashed) name, unquoted as HashedFilesMixin._url returns it. */
  url(name: string): string;
}

/** Hex digest prefix of the content (Django: md5, 12 characters). */
export type FileHash = (content: Uint8Array) => string | Promise<string>;

type Template = string;
const DEFAULT_TEMPLATE = 'url("%(url)s")';

// Django's HashedFilesMixin.patterns, in its order (Python's (?-i:) parts become patterns without the i flag).
const PATTERNS: Array<[ext: string, patterns: Array<[RegExp, Template]>]> = [
  [
    '.css',
    [
      [/(?<matched>url\(['"]{0,1}\s*(?<url>.*?)["']{0,1}\))/gi, DEFAULT_TEMPLATE],
      [/(?<matched>@import\s*["']\s*(?<url>.*?)["'])/gi, '@import url("%(url)s")'],
      [/(?<matched>)^(\/\*#[ \t]sourceMappingURL=(?<url>.*)[ \t]*\*\/)$/gm, '/*# sourceMappingURL=%(url)s */'],
    ],
  ],
  [
    '.js',
    [
      [/(?<matched>)^(\/\/# sourceMappingURL=(?<url>.*))$/gm, '//# sourceMappingURL=%(url)s'],
      [/(?<matched>import(?<import>[\s{][\s\S]*?)\s*from\s*['"](?<url>[./].*?)["']\s*;)/gi, 'import%(import)s from "%(url)s";'],
      [/(?<matched>export(?<exports>[\s{][\s\S]*?)\s*from\s*["'](?<url>[./].*?)["']\s*;)/gi, 'export%(exports)s from "%(url)s";'],
      [/(?<matched>import\s*['"](?<url>[./].*?)["']\s*;)/gi, 'import"%(url)s";'],
      [/(?<matched>import\(["'](?<url>.*?)["']\))/gi, 'import("%(url)s")'],
    ],
  ],
];

const MAX_PASSES = 5;

function adjustable(name: string): boolean {
  return PATTERNS.some(([ext]) => name.endsWith(ext));
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** `dir/root.<digest>.ext` for a clean path (Django's hashed_name without the query/fragment handling). */
export function insertHash(clean: string, digest: string): string {
  const slash = clean.lastIndexOf('/');
  const dir = slash >= 0 ? clean.slice(0, slash + 1) : '';
  const base = clean.slice(slash + 1);
  // Python's splitext: the last dot starts the extension unless only dots precede it.
  const dot = base.lastIndexOf('.');
  const [root, ext] = dot > 0 && /[^.]/.test(base.slice(0, dot)) ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  return `${dir}${root}${digest ? `.${digest}` : ''}${ext}`;
}

export interface PostProcessResult {
  /** Original name, hashed name (null on error), processed flag or the error. */
  name: string;
  hashedName: string | null;
  processed: boolean | Error;
}

export class HashedFilesProcessor {
  /** Original name → hashed name, filled by run(). */
  readonly hashedFiles = new Map<string, string>();

  constructor(
    private readonly target: HashTarget,
    private readonly hash: FileHash,
    private readonly staticUrl: string,
    /** The manifest storage keeps no intermediate files (Django: keep_intermediate_files = False). */
    private readonly keepIntermediateFiles = false,
  ) {}

  /** Django's hashed_name: `dir/root.<hash>.ext`, query and fragment kept. */
  async hashedName(name: string, content?: Uint8Array, filename?: string): Promise<string> {
    const parsed = splitName(unquote(name));
    const clean = parsed.path.trim();
    const file = (filename && splitName(unquote(filename)).path.trim()) || clean;
    if (content === undefined) {
      if (!(await this.target.exists(file))) throw new ValueError(`The file '${file}' could not be found with ${this.target.describe()}.`);
      content = await this.target.read(file);
    }
    const digest = await this.hash(content);
    let path = insertHash(clean, digest);
    if (name.includes('?#') && !parsed.query) path += '?';
    return unsplitName(path, parsed.query, parsed.fragment);
  }

  private async storedNameIn(name: string, hashedFiles: Map<string, string>): Promise<string> {
    const normalized = normpath(name);
    return hashedFiles.get(normalized) ?? (await this.hashedName(normalized));
  }

  /** HashedFilesMixin._url with force=True against the pass's hashed files. */
  private async hashedUrl(name: string, hashedFiles: Map<string, string>): Promise<string> {
    const hash = name.indexOf('#');
    const clean = hash >= 0 ? name.slice(0, hash) : name;
    const fragment = hash >= 0 ? name.slice(hash + 1) : '';
    const hashedName = splitName(clean).path.endsWith('/') ? name : await this.storedNameIn(clean, hashedFiles);
    let finalUrl = this.target.url(hashedName);
    const queryFragment = name.includes('?#');
    if (fragment || queryFragment) {
      const parts = splitName(finalUrl);
      let path = parts.path;
      if (queryFragment && !parts.query) path += '?';
      finalUrl = unsplitName(path, parts.query, parts.fragment || fragment);
    }
    return unquote(finalUrl);
  }

  /** One reference rewritten (Django's url_converter), or the match unchanged when it is not a static file. */
  private async convert(name: string, groups: Record<string, string | undefined>, template: Template, hashedFiles: Map<string, string>): Promise<string> {
    const matched = groups.matched ?? '';
    const url = groups.url ?? '';
    if (/^[a-z]+:/i.test(url)) return matched; // absolute, protocol-relative or data: URLs
    if (url.startsWith('/') && !url.startsWith(this.staticUrl)) return matched;
    const hashAt = url.indexOf('#');
    const urlPath = hashAt >= 0 ? url.slice(0, hashAt) : url;
    const fragment = hashAt >= 0 ? url.slice(hashAt + 1) : '';
    if (!urlPath) return matched;
    let targetName: string;
    if (urlPath.startsWith('/')) targetName = urlPath.slice(this.staticUrl.length);
    else {
      const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '';
      targetName = dir ? `${dir}/${urlPath}` : urlPath;
    }
    const hashed = await this.hashedUrl(unquote(targetName), hashedFiles);
    let transformed = [...urlPath.split('/').slice(0, -1), hashed.split('/').pop()!].join('/');
    if (fragment) transformed += (url.includes('?#') ? '?#' : '#') + fragment;
    const values: Record<string, string> = { ...(groups as Record<string, string>), url: unquote(transformed) };
    return template.replace(/%\((\w+)\)s/g, (_, key: string) => values[key] ?? '');
  }

  private async rewrite(name: string, content: string, hashedFiles: Map<string, string>): Promise<string> {
    for (const [ext, patterns] of PATTERNS) {
      if (!name.endsWith(ext)) continue;
      for (const [pattern, template] of patterns) {
        const parts: string[] = [];
        let last = 0;
        for (const m of content.matchAll(pattern)) {
          parts.push(content.slice(last, m.index), await this.convert(name, m.groups ?? {}, template, hashedFiles));
          last = m.index! + m[0].length;
        }
        parts.push(content.slice(last));
        content = parts.join('');
      }
    }
    return content;
  }

  /** One pass of Django's _post_process over `paths` (name → original content). */
  private async *pass(paths: Map<string, () => Promise<Uint8Array>>, hashedFiles: Map<string, string>): AsyncGenerator<PostProcessResult & { substitutions: boolean }> {
    const level = (n: string) => n.split('/').length;
    const names = [...paths.keys()].sort((a, b) => level(b) - level(a));
    for (const name of names) {
      let substitutions = true;
      const original = await paths.get(name)!();
      let hashedName = hashedFiles.get(name) ?? (await this.hashedName(name, original));
      const hashedFileExists = await this.target.exists(hashedName);
      let processed = false;
      if (adjustable(name)) {
        const oldHashedName = hashedName;
        let text: string;
        try {
          text = decoder.decode(original);
        } catch (e) {
          yield { name, hashedName: null, processed: new ValueError(`'${name}' is not valid UTF-8: ${(e as Error).message}`), substitutions: false };
          continue;
        }
        try {
          text = await this.rewrite(name, text, hashedFiles);
        } catch (e) {
          yield { name, hashedName: null, processed: e as Error, substitutions: false };
          continue;
        }
        if (hashedFileExists) await this.target.delete(hashedName);
        const bytes = encoder.encode(text);
        if (this.keepIntermediateFiles) await this.target.save(hashedName, bytes);
        hashedName = await this.hashedName(name, bytes);
        if (await this.target.exists(hashedName)) await this.target.delete(hashedName);
        await this.target.save(hashedName, bytes);
        if (oldHashedName === hashedName) substitutions = false;
        processed = true;
      }
      if (!processed && !hashedFileExists) {
        processed = true;
        await this.target.save(hashedName, original);
      }
      hashedFiles.set(name, hashedName);
      yield { name, hashedName, processed, substitutions };
    }
  }

  /**
   * Django's post_process: yields each file's result; adjustable files come
   * last with their final names. An error in a reference (a missing file) is
   * yielded as the `processed` value, for collectstatic to raise.
   */
  async *run(paths: Map<string, () => Promise<Uint8Array>>): AsyncGenerator<PostProcessResult> {
    const hashedFiles = new Map<string, string>();
    const adjustablePaths = new Set([...paths.keys()].filter(adjustable));
    const final = new Map<string, PostProcessResult>();
    for await (const r of this.pass(paths, hashedFiles)) {
      if (!adjustablePaths.has(r.name) || r.processed instanceof Error) yield { name: r.name, hashedName: r.hashedName, processed: r.processed };
      else final.set(r.name, { name: r.name, hashedName: r.hashedName, processed: r.processed });
    }
    const adjustableOnly = new Map([...paths].filter(([n]) => adjustablePaths.has(n)));
    let substitutions = false;
    for (let i = 0; i < MAX_PASSES; i++) {
      substitutions = false;
      for await (const r of this.pass(adjustableOnly, hashedFiles)) {
        final.set(r.name, { name: r.name, hashedName: r.hashedName, processed: r.processed });
        substitutions ||= r.substitutions;
      }
      if (!substitutions) break;
    }
    if (substitutions) yield { name: 'All', hashedName: null, processed: new Error('Max post-process passes exceeded.') };
    for (const [k, v] of hashedFiles) this.hashedFiles.set(k, v);
    yield* final.values();
  }
}
