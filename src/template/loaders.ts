/**
 * Template loaders (django.template.loaders): where template sources come
 * from. The isomorphic core has the in-memory loader and the cached loader;
 * directories are read through an injected file-system interface, which
 * `manouche/node` provides for Node (the core imports no `node:` module).
 */
import { TemplateDoesNotExist } from './errors';
import type { Engine } from './engine';
import { Template } from './template';

/** A place templates come from. */
export interface Loader {
  /** The template called `name`, or throws TemplateDoesNotExist. */
  getTemplate(name: string, engine: Engine): Template;
  /** Forgets cached templates (a no-op for loaders without a cache). */
  reset?(): void;
}

/** Templates given as `{ name: source }` (Django's locmem.Loader): what a browser app uses. */
export class LocmemLoader implements Loader {
  constructor(readonly templates: Record<string, string>) {}
  getTemplate(name: string, engine: Engine): Template {
    if (!Object.prototype.hasOwnProperty.call(this.templates, name)) throw new TemplateDoesNotExist(name, [`locmem:${name}`]);
    return new Template(this.templates[name], engine, name);
  }
}

/** Reads text files; `manouche/node` provides one over node:fs. */
export interface TemplateFS {
  /** The file's text, or null when it does not exist. */
  readFile(path: string): string | null;
  /** Joins a directory and a template name. */
  join(dir: string, name: string): string;
}

/** Templates from directories, first match wins (Django's filesystem.Loader). */
export class FilesystemLoader implements Loader {
  constructor(
    readonly dirs: string[],
    readonly fs: TemplateFS,
  ) {}
  getTemplate(name: string, engine: Engine): Template {
    const tried: string[] = [];
    for (const dir of this.dirs) {
      const root = this.fs.join(dir, '');
      const path = this.fs.join(dir, name);
      // Refuse names that escape the directory (Django's safe_join).
      if (!(path.startsWith(root.endsWith('/') ? root : `${root}/`) || path === root)) {
        tried.push(`${path} (Source does not exist)`);
        continue;
      }
      const text = this.fs.readFile(path);
      if (text !== null) return new Template(text, engine, name);
      tried.push(`${path} (Source does not exist)`);
    }
    throw new TemplateDoesNotExist(name, tried);
  }
}

/**
 * The `templates/` directory of each application, in order (Django's
 * app_directories.Loader with APP_DIRS); the apps registry passes the
 * applications' directories.
 */
export class AppDirectoriesLoader extends FilesystemLoader {
  constructor(appDirs: string[], fs: TemplateFS) {
    super(
      appDirs.map((d) => fs.join(d, 'templates')),
      fs,
    );
  }
}

/** Keeps every compiled template (Django's cached.Loader): parse and code generation happen once per name. */
export class CachedLoader implements Loader {
  private cache = new Map<string, Template | TemplateDoesNotExist>();
  constructor(readonly loaders: Loader[]) {}
  getTemplate(name: string, engine: Engine): Template {
    const hit = this.cache.get(name);
    if (hit instanceof Template) return hit;
    if (hit) throw hit;
    const tried: string[] = [];
    for (const loader of this.loaders) {
      try {
        const t = loader.getTemplate(name, engine);
        this.cache.set(name, t);
        return t;
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
        tried.push(...e.tried);
      }
    }
    const missing = new TemplateDoesNotExist(name, tried);
    this.cache.set(name, missing);
    throw missing;
  }
  reset(): void {
    this.cache.clear();
  }
}
