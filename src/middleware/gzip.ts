/**
 * GZipMiddleware (django.middleware.gzip) with CompressionStream: compresses
 * when the client accepts gzip, the response is not already encoded and is
 * at least 200 bytes, and only when that makes it smaller. Like Django
 * (after "Heal the Breach"), the gzip header carries a file name of a
 * random length, so the compressed size no longer reveals secrets in the
 * page (BREACH); strong ETags become weak.
 */
import type { HttpRequest } from '../http/request';
import { concat, HttpResponse, StreamingHttpResponse, type HttpResponseBase } from '../http/response';
import { patchVaryHeaders } from '../utils/cache';
import { MiddlewareMixin } from './mixin';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(crc: number, data: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A gzip member header (RFC 1952) with FNAME set to `a` repeated 0..maxRandomBytes-1 times. */
function gzipHeader(maxRandomBytes: number): Uint8Array {
  const nameLength = maxRandomBytes > 0 ? crypto.getRandomValues(new Uint32Array(1))[0] % maxRandomBytes : 0;
  const header = new Uint8Array(10 + (nameLength ? nameLength + 1 : 0));
  header.set([0x1f, 0x8b, 8, nameLength ? 8 : 0, 0, 0, 0, 0, 0, 255]);
  if (nameLength) header.fill(0x61, 10, 10 + nameLength); // 'a', then the terminating 0 already there
  return header;
}

function trailer(crc: number, size: number): Uint8Array {
  const t = new Uint8Array(8);
  const v = new DataView(t.buffer);
  v.setUint32(0, crc, true);
  v.setUint32(4, size >>> 0, true);
  return t;
}

/** Gzips a stream of chunks, the BREACH mitigation included (Django's compress_sequence). */
export async function* compressSequence(chunks: AsyncIterable<Uint8Array>, maxRandomBytes = 100): AsyncGenerator<Uint8Array> {
  yield gzipHeader(maxRandomBytes);
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  const reader = cs.readable.getReader();
  let crc = 0;
  let size = 0;
  const pump = (async () => {
    for await (const chunk of chunks) {
      crc = crc32(crc, chunk);
      size += chunk.length;
      await writer.write(chunk as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })();
  pump.catch(() => {});
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield value;
  }
  await pump;
  yield trailer(crc, size);
}

/** Gzips bytes (Django's compress_string). */
export async function compressBytes(data: Uint8Array, maxRandomBytes = 100): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  async function* one() {
    yield data;
  }
  for await (const p of compressSequence(one(), maxRandomBytes)) parts.push(p);
  return concat(parts);
}

export class GZipMiddleware extends MiddlewareMixin {
  maxRandomBytes = 100;

  override async processResponse(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    // Not worth compressing really short responses.
    if (!response.streaming && (response as HttpResponse).content.length < 200) return response;
    // Already encoded: leave it.
    if (response.has('Content-Encoding')) return response;
    patchVaryHeaders(response, ['Accept-Encoding']);
    if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return response;
    if (response instanceof StreamingHttpResponse) {
      response.streamingContent = compressSequence(response.streamingContent, this.maxRandomBytes);
      // The compressed size is not known before it is streamed.
      response.delete('Content-Length');
    } else if (response instanceof HttpResponse) {
      const compressed = await compressBytes(response.content, this.maxRandomBytes);
      if (compressed.length >= response.content.length) return response;
      response.content = compressed;
      response.set('Content-Length', String(compressed.length));
    } else return response;
    const etag = response.get('ETag');
    if (etag && etag.startsWith('"')) response.set('ETag', 'W/' + etag);
    response.set('Content-Encoding', 'gzip');
    return response;
  }
}
