/**
 * The file access the finders and the view need, injected so this package
 * stays isomorphic: `manouche/node` installs a node:fs implementation; hosts
 * without a file system give apps a `staticFiles` map instead.
 */
export interface StaticFileInfo {
  size: number;
  mtime: Date;
}

export interface StaticFS {
  /** `root` and a safe relative name joined into one path. */
  join(root: string, name: string): string;
  /** Every file below `root` as '/'-separated relative paths; [] when `root` does not exist. */
  list(root: string): Promise<string[]>;
  /** Size and modification time of a regular file; null when there is none. */
  stat(path: string): Promise<StaticFileInfo | null>;
  read(path: string): Promise<Uint8Array>;
  /** The file as a stream (for large responses); read() is used when absent. */
  stream?(path: string): ReadableStream<Uint8Array>;
}

let defaultFS: StaticFS | undefined;

/** Sets the file system finders use by default (`manouche/node` installs node:fs). */
export function setStaticFS(fs: StaticFS | undefined): void {
  defaultFS = fs;
}

export function getStaticFS(): StaticFS | undefined {
  return defaultFS;
}
