/**
 * Uploaded files (django.core.files.uploadedfile): what a multipart parser
 * hands to a form's FileField. The base class holds the name, the size and
 * the content type; SimpleUploadedFile keeps its bytes in memory. A parser
 * that spills large uploads to disk subclasses UploadedFile and implements
 * `bytes()` / `chunks()` over its temporary file.
 *
 * @example
 * const f = new SimpleUploadedFile('notes.txt', new TextEncoder().encode('hi'), 'text/plain');
 * f.size; // 2
 */
export abstract class UploadedFile {
  constructor(
    /** The client's file name (never trusted as a path). */
    public name: string,
    public contentType: string,
    public charset: string | null = null,
  ) {}
  /** Size in bytes. */
  abstract get size(): number;
  /** The whole content. */
  abstract bytes(): Uint8Array;
  /** The first `n` bytes (file-type sniffing, image headers). */
  head(n: number): Uint8Array {
    return this.bytes().subarray(0, n);
  }
  /** The content in pieces of at most `chunkSize` bytes. */
  *chunks(chunkSize = 64 * 1024): IterableIterator<Uint8Array> {
    const all = this.bytes();
    for (let i = 0; i < all.length; i += chunkSize) yield all.subarray(i, i + chunkSize);
  }
  /** The content decoded as text (UTF-8 unless a charset was given). */
  text(): string {
    return new TextDecoder(this.charset ?? 'utf-8').decode(this.bytes());
  }
  toString(): string {
    return this.name;
  }
}

/** An uploaded file held in memory (Django's SimpleUploadedFile / InMemoryUploadedFile). */
export class SimpleUploadedFile extends UploadedFile {
  private readonly content: Uint8Array;
  constructor(name: string, content: Uint8Array | string = new Uint8Array(0), contentType = 'text/plain', charset: string | null = null) {
    super(name, contentType, charset);
    this.content = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  get size(): number {
    return this.content.length;
  }
  bytes(): Uint8Array {
    return this.content;
  }
}
