// A throwaway project on disk: two apps with static/ folders, one STATICFILES_DIRS entry,
// a prefixed one, and a STATIC_ROOT, configured through settings and the apps registry.
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apps } from '../../../src/apps/registry';
import { defineApp, type AppConfig } from '../../../src/apps/config';
import { configure, resetSettings } from '../../../src/conf/settings';
import '../../../src/node/index';
import { resetStaticfilesStorage, staticfilesApp } from '../../../src/contrib/staticfiles/index';

export interface Project {
  dir: string;
  root: string;
  write(rel: string, content: string | Uint8Array, mtime?: Date): string;
  done(): Promise<void>;
}

export async function project(files: Record<string, string>, extra: { settings?: Record<string, unknown>; apps?: AppConfig[] } = {}): Promise<Project> {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-static-'));
  const old = new Date('2020-01-02T03:04:05Z');
  const write = (rel: string, content: string | Uint8Array, mtime = old) => {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    utimesSync(full, mtime, mtime);
    return full;
  };
  for (const [rel, content] of Object.entries(files)) write(rel, content);
  const root = join(dir, 'collected');
  configure({
    DEBUG: true,
    STATIC_URL: '/static/',
    STATIC_ROOT: root,
    STATICFILES_DIRS: [join(dir, 'assets'), ['vendor', join(dir, 'vendor')]] as unknown as string[],
    ...(extra.settings ?? {}),
  });
  const installed = [staticfilesApp, defineApp({ name: 'polls', path: join(dir, 'polls') }), defineApp({ name: 'blog', path: join(dir, 'blog') }), ...(extra.apps ?? [])];
  await apps.populate(installed);
  resetStaticfilesStorage();
  return {
    dir,
    root,
    write,
    async done() {
      resetSettings();
      await apps.populate([]);
      resetStaticfilesStorage();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
