/**
 * Uploads spilled to disk (django.core.files.uploadedfile.TemporaryUploadedFile
 * and uploadhandler.TemporaryFileUploadHandler): files whose request is
 * larger than FILE_UPLOAD_MAX_MEMORY_SIZE are written chunk by chunk to a
 * temporary file in FILE_UPLOAD_TEMP_DIR (default: the OS temp dir), deleted
 * when the request is done (or the upload fails).
 */
import { closeSync, createReadStream, openSync, readSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { settings } from '../conf/settings';
import { UploadedFile } from '../core/files/uploadedfile';
import type { FileInfo, FileUploadHandler } from '../core/files/uploadhandler';

export class TemporaryUploadedFile extends UploadedFile {
  private closed = false;

  constructor(
    private readonly path: string,
    name: string,
    size: number,
    contentType?: string,
    charset?: string | null,
    contentTypeExtra?: Record<string, string>,
  ) {
    super(name, size, contentType, charset ?? null, contentTypeExtra);
  }

  /** Where the bytes are on disk (Django's temporary_file_path()). */
  temporaryFilePath(): string {
    return this.path;
  }

  head(n: number): Uint8Array {
    const fd = openSync(this.path, 'r');
    try {
      const buf = new Uint8Array(Math.min(n, this.size));
      const read = readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }

  async *chunks(chunkSize = 64 * 1024): AsyncIterable<Uint8Array> {
    for await (const chunk of createReadStream(this.path, { highWaterMark: chunkSize })) yield new Uint8Array(chunk as Buffer);
  }

  /** Deletes the temporary file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    rmSync(this.path, { force: true });
  }
}

export class TemporaryFileUploadHandler implements FileUploadHandler {
  private handle: FileHandle | null = null;
  private path = '';
  private info!: FileInfo;

  async newFile(info: FileInfo): Promise<void> {
    this.info = info;
    this.path = join(settings.FILE_UPLOAD_TEMP_DIR ?? tmpdir(), `tmp${randomBytes(6).toString('hex')}.upload`);
    this.handle = await open(this.path, 'wx', 0o600);
  }

  async receiveDataChunk(chunk: Uint8Array): Promise<null> {
    await this.handle!.write(chunk);
    return null;
  }

  async fileComplete(size: number): Promise<UploadedFile> {
    await this.handle!.close();
    this.handle = null;
    const { fileName, contentType, charset, contentTypeExtra } = this.info;
    const file = new TemporaryUploadedFile(this.path, fileName, size, contentType, charset, contentTypeExtra);
    this.path = '';
    return file;
  }

  /** A file left open here was cut off by an error: remove it. */
  async uploadComplete(): Promise<void> {
    if (this.handle) {
      await this.handle.close().catch(() => {});
      this.handle = null;
    }
    if (this.path) rmSync(this.path, { force: true });
    this.path = '';
  }
}
