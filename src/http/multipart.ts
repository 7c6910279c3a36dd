/**
 * The multipart/form-data parser (django.http.multipartparser), streaming:
 * the body is read chunk by chunk from the fetch Request, fields are
 * collected (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE and
 * DATA_UPLOAD_MAX_NUMBER_FIELDS), and each file's bytes go to the upload
 * handlers as they arrive (bounded by DATA_UPLOAD_MAX_NUMBER_FILES), so a
 * large file is never held whole unless a handler chooses to.
 */
import { settings } from '../conf/settings';
import { baseName, type UploadedFile } from '../core/files/uploadedfile';
import type { FileUploadHandler } from '../core/files/uploadhandler';
import { MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent } from './exceptions';
import { MultiValueDict, QueryDict } from './querydict';
import { concat } from '../utils/bytes';

const CRLF = new Uint8Array([13, 10]);
const decoder = new TextDecoder();

/** The parameters of a header value: `form-data; name="a"; filename*=utf-8''b` → { name: 'a', filename: 'b' }. */
export function parseHeaderParams(value: string): [string, Record<string, string>] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (name.endsWith('*')) {
      // RFC 2231: charset'lang'percent-encoded
      name = name.slice(0, -1);
      const m = /^([^']*)'[^']*'(.*)$/.exec(v);
      if (m) {
        try {
          v = decodeURIComponent(m[2]);
        } catch {
          v = m[2];
        }
      }
    } else if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') {
      v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    params[name] = v;
  }
  return [parts[0].trim().toLowerCase(), params];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Reads a stream and lets the parser ask for more bytes. */
class Buffered {
  buf = new Uint8Array(0);
  done = false;
  read = 0;
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}
  async more(): Promise<boolean> {
    if (this.done) return false;
    const { done, value } = await this.reader.read();
    if (done) {
      this.done = true;
      return false;
    }
    this.read += value.length;
    const next = new Uint8Array(this.buf.length + value.length);
    next.set(this.buf);
    next.set(value, this.buf.length);
    this.buf = next;
    return true;
  }
  consume(n: number): Uint8Array {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
}

export interface MultipartResult {
  POST: QueryDict;
  FILES: MultiValueDict<UploadedFile>;
}

/** Parses a multipart body; throws MultiPartParserError for malformed input and Django's limit errors. */
export async function parseMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  contentLength: number | null,
  handlers: FileUploadHandler[],
  encoding = 'utf-8',
): Promise<MultipartResult> {
  const [type, params] = parseHeaderParams(contentType);
  if (type !== 'multipart/form-data') throw new MultiPartParserError(`Invalid Content-Type: ${contentType}`);
  const boundaryText = params.boundary;
  if (!boundaryText || boundaryText.length > 70 || !/^[ -~]*$/.test(boundaryText)) {
    throw new MultiPartParserError(`Invalid boundary in multipart: ${boundaryText ?? 'None'}`);
  }
  if (contentLength !== null && (contentLength < 0 || !Number.isFinite(contentLength))) throw new MultiPartParserError(`Invalid content length: ${contentLength}`);
  const POST = new QueryDict(null, { mutable: true, encoding });
  const FILES = new MultiValueDict<UploadedFile>();
  if (!body || contentLength === 0) {
    return { POST: freeze(POST), FILES };
  }
  handlers.forEach((h, i) => h.handleRawInput?.(contentLength, i === handlers.length - 1));
  const delimiter = new TextEncoder().encode(`--${boundaryText}`);
  const partDelimiter = new Uint8Array(delimiter.length + 2);
  partDelimiter.set(CRLF);
  partDelimiter.set(delimiter, 2);
  const reader = body.getReader();
  const input = new Buffered(reader);
  const maxFields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS;
  const maxFiles = settings.DATA_UPLOAD_MAX_NUMBER_FILES;
  const maxMemory = settings.DATA_UPLOAD_MAX_MEMORY_SIZE;
  let fields = 0;
  let files = 0;
  let fieldBytes = 0;
  try {
    // 1. The preamble, up to the first delimiter.
    for (;;) {
      const at = indexOf(input.buf, delimiter, 0);
      if (at >= 0) {
        input.consume(at + delimiter.length);
        break;
      }
      if (!(await input.more())) throw new MultiPartParserError('The multipart body has no boundary line.');
    }
    for (;;) {
      // 2. After a delimiter: "--" ends the body, CRLF starts a part.
      while (input.buf.length < 2) if (!(await input.more())) throw new MultiPartParserError('The multipart body ends without its closing boundary.');
      if (input.buf[0] === 45 && input.buf[1] === 45) break;
      const lineEnd = await untilFound(input, CRLF, 0, 1024);
      input.consume(lineEnd + 2); // transport padding and CRLF
      // 3. The part's headers, up to a blank line.
      const headerEnd = await untilFound(input, new Uint8Array([13, 10, 13, 10]), 0, 64 * 1024, true);
      const headerText = headerEnd === 0 ? '' : decoder.decode(input.consume(headerEnd));
      input.consume(headerEnd === 0 ? 2 : 4);
      const headers = new Map<string, string>();
      for (const line of headerText.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const disposition = headers.get('content-disposition');
      const [dispType, dispParams] = disposition ? parseHeaderParams(disposition) : ['', {} as Record<string, string>];
      const fieldName = dispParams.name;
      const isFile = dispType === 'form-data' && fieldName !== undefined && 'filename' in dispParams;
      // 4. The part's data, up to the next delimiter, streamed.
      if (!isFile) {
        const chunks: Uint8Array[] = [];
        let size = 0;
        if (fieldName !== undefined) {
          fields++;
          if (maxFields !== null && maxFields < fields) throw new TooManyFieldsSent('The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.');
          fieldBytes += fieldName.length + 2;
        }
        await streamPart(input, partDelimiter, (chunk) => {
          size += chunk.length;
          if (fieldName !== undefined && maxMemory !== null && fieldBytes + size > maxMemory) {
            throw new RequestDataTooBig('Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.');
          }
          chunks.push(chunk.slice());
        });
        if (fieldName !== undefined && dispType === 'form-data') {
          fieldBytes += size;
          const bytes = concat(chunks, size);
          const transfer = headers.get('content-transfer-encoding')?.toLowerCase();
          const text = transfer === 'base64' ? atobText(decoder.decode(bytes)) : new TextDecoder(partCharset(headers) ?? encoding).decode(bytes);
          POST.appendlist(fieldName, text);
        }
      } else {
        files++;
        if (maxFiles !== null && maxFiles < files) throw new TooManyFilesSent('The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.');
        const fileName = baseName(dispParams.filename ?? '').trim();
        const [ctype, ctParams] = parseHeaderParams(headers.get('content-type') ?? '');
        const { charset = null, ...extra } = ctParams;
        const length = headers.has('content-length') ? Number(headers.get('content-length')) : null;
        if (!fileName) {
          // A file input left empty: skip its data, as Django does.
          await streamPart(input, partDelimiter, () => {});
          continue;
        }
        for (const h of handlers) await h.newFile({ fieldName, fileName, contentType: ctype || 'application/octet-stream', contentLength: length, charset, contentTypeExtra: extra });
        let start = 0;
        const pending: Uint8Array[] = [];
        await streamPart(input, partDelimiter, (chunk) => {
          pending.push(chunk.slice());
        }, async () => {
          for (const chunk of pending.splice(0)) {
            let data: Uint8Array | null = chunk;
            for (const h of handlers) {
              data = await h.receiveDataChunk(data, start);
              if (data === null) break;
            }
            start += chunk.length;
          }
        });
        for (const h of handlers) {
          const file = await h.fileComplete(start);
          if (file) {
            FILES.appendlist(fieldName, file);
            break;
          }
        }
      }
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    if (e instanceof TypeError) throw new MultiPartParserError(`The multipart body could not be read: ${e.message}`);
    throw e;
  } finally {
    for (const h of handlers) await h.uploadComplete?.();
  }
  // The epilogue after the closing delimiter is ignored (Django drains it).
  while (await input.more()) input.consume(input.buf.length);
  return { POST: freeze(POST), FILES };
}

function freeze(q: QueryDict): QueryDict {
  return q.freeze();
}

function partCharset(headers: Map<string, string>): string | null {
  const ct = headers.get('content-type');
  return ct ? (parseHeaderParams(ct)[1].charset ?? null) : null;
}

function atobText(b64: string): string {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    return decoder.decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    throw new MultiPartParserError('Could not decode base64 data.');
  }
}

/** Where `needle` starts in the buffer, reading more as needed; fails past `limit` bytes. */
async function untilFound(input: Buffered, needle: Uint8Array, from: number, limit: number, allowEmpty = false): Promise<number> {
  if (allowEmpty) {
    while (input.buf.length < 2) if (!(await input.more())) throw new MultiPartParserError('The multipart body ends inside a part header.');
    if (input.buf[0] === 13 && input.buf[1] === 10) return 0;
  }
  for (;;) {
    const at = indexOf(input.buf, needle, from);
    if (at >= 0) return at;
    if (input.buf.length > limit) throw new MultiPartParserError('A multipart header line is too long.');
    if (!(await input.more())) throw new MultiPartParserError('The multipart body ends inside a part header.');
  }
}

/**
 * Hands the part's bytes to `sink` up to the next delimiter, keeping back
 * the last bytes that could begin one; consumes the delimiter.
 */
async function streamPart(input: Buffered, delimiter: Uint8Array, sink: (chunk: Uint8Array) => void, flush?: () => Promise<void>): Promise<void> {
  for (;;) {
    const at = indexOf(input.buf, delimiter, 0);
    if (at >= 0) {
      if (at > 0) sink(input.consume(at));
      input.consume(delimiter.length);
      await flush?.();
      return;
    }
    const safe = input.buf.length - delimiter.length;
    if (safe > 0) sink(input.consume(safe));
    await flush?.();
    if (!(await input.more())) throw new MultiPartParserError('The multipart body ends inside a part (no closing boundary).');
  }
}
