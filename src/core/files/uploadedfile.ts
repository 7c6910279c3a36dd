/**
 * Uploaded files (django.core.files.uploadedfile). The multipart parser
 * makes an InMemoryUploadedFile below FILE_UPLOAD_MAX_MEMORY_SIZE and, on
 * Node, a TemporaryUploadedFile (src/node) above it; forms and storages
 * read them through this interface only.
 */
const encoder = new TextEncoder();

export abstract class UploadedFile {
  constructor(
    /** The client's file name, reduced to its base name (no directories). */
    public name: string,
    public readonly size: number,
    public contentType: string = 'application/octet-stream',
    public readonly charset: string | null = null,
    /** The other parameters of the part's Content-Type header. */
    public readonly contentTypeExtra: Record<string, string> = {},
  ) {
    this.name = baseName(name);
  }

  /** The file's first `n` bytes (image headers, sniffing), read synchronously. */
  abstract head(n: number): Uint8Array;

  /** The content in chunks, so large files need not be held whole. */
  abstract chunks(chunkSize?: number): AsyncIterable<Uint8Array>;

  /** Django's `multiple_chunks()`: true when the file is larger than one chunk. */
  multipleChunks(chunkSize = 64 * 1024): boolean {
    return this.size > chunkSize;
  }

  /** The whole content. */
  async bytes(): Promise<Uint8Array> {
    const out = new Uint8Array(this.size);
    let at = 0;
    for await (const chunk of this.chunks()) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return at === out.length ? out : out.subarray(0, at);
  }

  async text(): Promise<string> {
    return new TextDecoder(this.charset ?? 'utf-8').decode(await this.bytes());
  }

  toString(): string {
    return this.name;
  }
}

/** A file held in memory (Django's InMemoryUploadedFile). */
export class InMemoryUploadedFile extends UploadedFile {
  readonly content: Uint8Array;

  constructor(name: string, content: Uint8Array, contentType?: string, charset?: string | null, contentTypeExtra?: Record<string, string>) {
    super(name, content.length, contentType, charset ?? null, contentTypeExtra);
    this.content = content;
  }

  head(n: number): Uint8Array {
    return this.content.subarray(0, n);
  }

  async *chunks(chunkSize = 64 * 1024): AsyncIterable<Uint8Array> {
    for (let at = 0; at < this.content.length; at += chunkSize) yield this.content.subarray(at, at + chunkSize);
  }

  override async bytes(): Promise<Uint8Array> {
    return this.content;
  }
}

/** A file made from a name and content, for tests and code (Django's SimpleUploadedFile). */
export class SimpleUploadedFile extends InMemoryUploadedFile {
  constructor(name: string, content: Uint8Array | string, contentType = 'text/plain') {
    super(name, typeof content === 'string' ? encoder.encode(content) : content, contentType);
  }
}

/** The last path component of a client-sent name, with both separators (browsers on Windows send paths). */
export function baseName(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut >= 0 ? name.slice(cut + 1) : name;
}
