/**
 * FileResponse (django.http.FileResponse): streams a Blob, bytes, an
 * UploadedFile or a ReadableStream, with Content-Type, Content-Length and
 * Content-Disposition from the file name. With a known size it answers
 * Range requests: one range → 206 with Content-Range, an unsatisfiable one
 * → 416 (Django leaves ranges to the server; Manouche serves them itself).
 */
import { UploadedFile } from '../core/files/uploadedfile';
import { quote } from '../utils/http';
import { parseHttpDate } from './cookie';
import { HttpHeaders } from './headers';
import { guessType } from './mimetypes';
import { type ResponseInit, StreamingHttpResponse } from './response';

export type FileSource = Blob | Uint8Array | UploadedFile | ReadableStream<Uint8Array>;

/** Django's content_disposition_header(). */
export function contentDispositionHeader(asAttachment: boolean, filename: string): string | null {
  if (asAttachment || filename) {
    const disposition = asAttachment ? 'attachment' : 'inline';
    // A quoted string may hold tabs, spaces and 0x21-0x7e, with `"` and `\` escaped.
    const fileExpr = /^[\t \x21-\x7e]*$/.test(filename)
      ? `filename="${filename.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
      : `filename*=utf-8''${quote(filename, '')}`;
    return `${disposition}; ${fileExpr}`;
  }
  return null;
}

export interface FileResponseInit extends ResponseInit {
  asAttachment?: boolean;
  /** The name for Content-Type and Content-Disposition (default: the file's own name). */
  filename?: string;
}

export class FileResponse extends StreamingHttpResponse {
  readonly file: FileSource;
  readonly asAttachment: boolean;
  readonly filename: string;
  /** The file's size in bytes when it is known (range requests need it). */
  readonly size: number | null;

  constructor(file: FileSource, init: FileResponseInit = {}) {
    const explicitType = init.contentType !== undefined || new HttpHeaders(init.headers as globalThis.HeadersInit | undefined).has('content-type');
    super([], init);
    this.file = file;
    this.asAttachment = init.asAttachment ?? false;
    const ownName = file instanceof UploadedFile ? file.name : typeof File !== 'undefined' && file instanceof File ? file.name : '';
    this.filename = init.filename ?? ownName.slice(Math.max(ownName.lastIndexOf('/'), ownName.lastIndexOf('\\')) + 1);
    this.size = file instanceof Blob ? file.size : file instanceof Uint8Array ? file.length : file instanceof UploadedFile ? file.size : null;
    this.streamingContent = this.chunks(0, this.size === null ? null : this.size);
    // Django's set_headers().
    if (this.size !== null) this.headers.set('content-length', String(this.size));
    if (!explicitType) {
      const guessed = this.filename ? guessType(this.filename) : null;
      const blobType = file instanceof Blob && file.type ? file.type : null;
      this.headers.set('content-type', guessed ?? blobType ?? 'application/octet-stream');
    }
    const disposition = contentDispositionHeader(this.asAttachment, this.filename);
    if (disposition) this.headers.set('content-disposition', disposition);
    if (this.size !== null) this.headers.set('accept-ranges', 'bytes');
  }

  /** Bytes [start, end) of the file, streamed. */
  private chunks(start: number, end: number | null): Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> {
    const file = this.file;
    if (file instanceof ReadableStream) return file;
    if (file instanceof Blob) return file.slice(start, end ?? undefined).stream();
    if (file instanceof Uint8Array) return [file.subarray(start, end ?? undefined)];
    return (async function* () {
      let at = 0;
      for await (const chunk of file.chunks()) {
        const from = Math.max(start - at, 0);
        const to = end === null ? chunk.length : Math.min(end - at, chunk.length);
        if (to > from) yield chunk.subarray(from, to);
        at += chunk.length;
        if (end !== null && at >= end) return;
      }
    })();
  }

  /**
   * Applies the request's Range header (RFC 9110 §14): a single satisfiable
   * range → 206, none satisfiable → 416; several ranges, a stale If-Range or
   * an unknown size → the whole file (always allowed).
   */
  applyRange(rangeHeader: string | null, ifRange: string | null): void {
    if (!rangeHeader || this.statusCode !== 200 || this.size === null) return;
    if (ifRange) {
      const etag = this.headers.get('etag');
      const lastModified = parseHttpDate(this.headers.get('last-modified'));
      const date = parseHttpDate(ifRange);
      const fresh = ifRange.startsWith('"') || ifRange.startsWith('W/') ? etag !== null && etag === ifRange && !etag.startsWith('W/') : date !== null && lastModified !== null && lastModified <= date;
      if (!fresh) return;
    }
    const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(rangeHeader.trim());
    if (!m || (m[1] === '' && m[2] === '')) return; // several ranges or a syntax we do not know: the whole file
    const size = this.size;
    let start: number, end: number;
    if (m[1] === '') {
      const suffix = Number(m[2]);
      if (suffix === 0) return this.unsatisfiable();
      start = Math.max(size - suffix, 0);
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
      if (m[2] !== '' && Number(m[2]) < start) return; // invalid: ignore the header
      if (start >= size) return this.unsatisfiable();
    }
    this.statusCode = 206;
    this.headers.set('content-range', `bytes ${start}-${end}/${size}`);
    this.headers.set('content-length', String(end - start + 1));
    this.streamingContent = this.chunks(start, end + 1);
  }

  private unsatisfiable(): void {
    this.statusCode = 416;
    this.headers.set('content-range', `bytes */${this.size}`);
    this.headers.set('content-length', '0');
    this.streamingContent = [];
  }
}
