/**
 * Upload handlers (django.core.files.uploadhandler): the multipart parser
 * hands each file's bytes to the handlers in order; a handler keeps the data
 * (returns null) or passes it on. MemoryFileUploadHandler keeps files whose
 * request is at most FILE_UPLOAD_MAX_MEMORY_SIZE; larger ones go on to the
 * next handler (on Node, TemporaryFileUploadHandler from `manouche/node`
 * writes them to a temporary file). When it is the last handler, it keeps
 * everything (a browser has nowhere else to put a file).
 */
import { settings } from '../../conf/settings';
import { InMemoryUploadedFile, type UploadedFile } from './uploadedfile';

export interface FileInfo {
  fieldName: string;
  fileName: string;
  contentType: string;
  /** The part's Content-Length, when the client sent one. */
  contentLength: number | null;
  charset: string | null;
  contentTypeExtra: Record<string, string>;
}

/** Django's FileUploadHandler contract, with async steps allowed. */
export interface FileUploadHandler {
  /** Called once with the whole request's Content-Length (null when unknown) and whether a handler follows. */
  handleRawInput?(contentLength: number | null, isLast: boolean): void;
  newFile(info: FileInfo): void | Promise<void>;
  /** Returns the chunk for the next handler, or null to keep it. */
  receiveDataChunk(chunk: Uint8Array, start: number): Uint8Array | null | Promise<Uint8Array | null>;
  /** Returns the finished file, or null to let the next handler answer. */
  fileComplete(size: number): UploadedFile | null | Promise<UploadedFile | null>;
  /** The request's body is finished (or failed): release what is held. */
  uploadComplete?(): void | Promise<void>;
}

/** Makes a handler for one request. */
export type UploadHandlerFactory = () => FileUploadHandler;

export class MemoryFileUploadHandler implements FileUploadHandler {
  private activated = true;
  private parts: Uint8Array[] = [];
  private info!: FileInfo;

  handleRawInput(contentLength: number | null, isLast: boolean): void {
    this.activated = isLast || (contentLength !== null && contentLength <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE);
  }

  newFile(info: FileInfo): void {
    this.info = info;
    this.parts = [];
  }

  receiveDataChunk(chunk: Uint8Array): Uint8Array | null {
    if (!this.activated) return chunk;
    this.parts.push(chunk.slice());
    return null;
  }

  fileComplete(size: number): UploadedFile | null {
    if (!this.activated) return null;
    const content = new Uint8Array(size);
    let at = 0;
    for (const p of this.parts) {
      content.set(p, at);
      at += p.length;
    }
    this.parts = [];
    const { fileName, contentType, charset, contentTypeExtra } = this.info;
    return new InMemoryUploadedFile(fileName, content, contentType, charset, contentTypeExtra);
  }
}

const registry = new Map<string, UploadHandlerFactory>([
  ['manouche.core.files.uploadhandler.MemoryFileUploadHandler', () => new MemoryFileUploadHandler()],
  ['django.core.files.uploadhandler.MemoryFileUploadHandler', () => new MemoryFileUploadHandler()],
]);

/** Makes a handler available to FILE_UPLOAD_HANDLERS by name (manouche/node registers the temporary-file one). */
export function registerUploadHandler(name: string, factory: UploadHandlerFactory): void {
  registry.set(name, factory);
}

const DEFAULT = ['manouche.core.files.uploadhandler.MemoryFileUploadHandler', 'manouche.core.files.uploadhandler.TemporaryFileUploadHandler'];

/**
 * The handlers for one request, from settings.FILE_UPLOAD_HANDLERS (names or
 * factories). A default name that is not registered here (the temporary-file
 * handler outside Node) is skipped; a name the project gave must exist.
 */
export function uploadHandlers(): FileUploadHandler[] {
  const configured = settings.FILE_UPLOAD_HANDLERS as Array<string | UploadHandlerFactory> | undefined;
  const list = configured ?? DEFAULT;
  const out: FileUploadHandler[] = [];
  for (const entry of list) {
    if (typeof entry === 'function') out.push(entry());
    else {
      const factory = registry.get(entry);
      if (factory) out.push(factory());
      else if (configured) throw new Error(`FILE_UPLOAD_HANDLERS: no upload handler is registered as '${entry}'.`);
    }
  }
  return out;
}
