// The file-system hook of forms.FilePathField, apart from the field: manouche/node
// installs node:fs here at import, and a server that never builds a form must
// not load the forms package (its fields and widgets) to do it.
/** One directory entry. */
export interface FilePathEntry {
  name: string;
  isFile: boolean;
  isDir: boolean;
}

/** What FilePathField needs from a file system. */
export interface FilePathFS {
  /** The entries of a directory (its files and folders, any order). */
  list(dir: string): FilePathEntry[];
  /** Joins a directory and a name (path.join). */
  join(dir: string, name: string): string;
}

let installed: FilePathFS | undefined;

/** Sets the file system FilePathField lists (`manouche/node` installs node:fs). */
export function setFilePathFS(fs: FilePathFS | undefined): void {
  installed = fs;
}

/** The file system setFilePathFS() installed, if any. */
export function installedFilePathFS(): FilePathFS | undefined {
  return installed;
}
