import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { HttpRequest, MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, InMemoryUploadedFile, configure, resetSettings } from '../../src/node/index';
import { TemporaryUploadedFile } from '../../src/node/uploadedfile';
import { encodeMultipart, MULTIPART_CONTENT } from '../../src/test/client';
import { SimpleUploadedFile } from '../../src/core/files/uploadedfile';

test.before.each(() => {
  resetSettings();
});
test.after(() => {
  resetSettings();
});

const isA = (C: abstract new (...a: any[]) => unknown) => (e: unknown) => e instanceof C;

/** A request whose body arrives in small chunks, as from a socket. */
function post(body: Uint8Array, contentType = MULTIPART_CONTENT, chunk = 7): Promise<HttpRequest> {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= body.length) return c.close();
      c.enqueue(body.slice(at, at + chunk));
      at += chunk;
    },
  });
  return HttpRequest.create(new Request('http://testserver/upload/', { method: 'POST', headers: { 'content-type': contentType, 'content-length': String(body.length) }, body: stream, duplex: 'half' } as RequestInit));
}

test('fields and small files parse from a chunked body; files land in memory', async () => {
  const body = await encodeMultipart('BoUnDaRyStRiNg', { title: 'héllo', tags: ['a', 'b'], doc: new SimpleUploadedFile('../../etc/notes.txt', 'line 1\r\n--BoUnDaRy\r\n', 'text/plain') });
  const r = await post(body);
  assert.is(r.POST.get('title'), 'héllo');
  assert.equal(r.POST.getlist('tags'), ['a', 'b']);
  const file = r.FILES.get('doc')!;
  assert.ok(file instanceof InMemoryUploadedFile);
  assert.is(file.name, 'notes.txt');
  assert.is(file.contentType, 'text/plain');
  assert.is(await file.text(), 'line 1\r\n--BoUnDaRy\r\n');
  assert.throws(() => r.body, /You cannot access body after reading from request's data stream/);
  assert.throws(() => r.POST.set('x', 'y'), /immutable/);
});

test('a request above FILE_UPLOAD_MAX_MEMORY_SIZE spills its files to a temporary file, removed on close', async () => {
  configure({ FILE_UPLOAD_MAX_MEMORY_SIZE: 100 });
  const big = new Uint8Array(5000).map((_, i) => i % 251);
  const body = await encodeMultipart('BoUnDaRyStRiNg', { f: new SimpleUploadedFile('big.bin', big, 'application/octet-stream') });
  const r = await post(body, MULTIPART_CONTENT, 1000);
  const file = r.FILES.get('f')!;
  assert.ok(file instanceof TemporaryUploadedFile);
  assert.is(file.size, 5000);
  assert.equal([...(await file.bytes())], [...big]);
  assert.equal([...file.head(4)], [0, 1, 2, 3]);
  const path = (file as TemporaryUploadedFile).temporaryFilePath();
  assert.ok(existsSync(path));
  r.close();
  assert.not.ok(existsSync(path));
});

test('limits: fields, files and field bytes raise Django errors when POST is read', async () => {
  configure({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 2 });
  let r = await post(await encodeMultipart('BoUnDaRyStRiNg', { a: '1', b: '2', c: '3' }));
  assert.throws(() => r.POST, isA(TooManyFieldsSent));
  configure({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000, DATA_UPLOAD_MAX_NUMBER_FILES: 1 });
  r = await post(await encodeMultipart('BoUnDaRyStRiNg', { a: new SimpleUploadedFile('a.txt', 'a'), b: new SimpleUploadedFile('b.txt', 'b') }));
  assert.throws(() => r.FILES, isA(TooManyFilesSent));
  configure({ DATA_UPLOAD_MAX_NUMBER_FILES: 100, DATA_UPLOAD_MAX_MEMORY_SIZE: 50 });
  r = await post(await encodeMultipart('BoUnDaRyStRiNg', { a: 'x'.repeat(100) }));
  assert.throws(() => r.POST, isA(RequestDataTooBig));
  // Files do not count toward DATA_UPLOAD_MAX_MEMORY_SIZE.
  r = await post(await encodeMultipart('BoUnDaRyStRiNg', { a: 'x', f: new SimpleUploadedFile('f.txt', 'y'.repeat(500)) }));
  assert.is(r.FILES.get('f')!.size, 500);
});

test('FILE_UPLOAD_HANDLERS: a project handler sees each chunk and makes the file; unknown names are reported', async () => {
  const seen: number[] = [];
  configure({
    FILE_UPLOAD_HANDLERS: [
      () => {
        let info = { fileName: '' };
        return {
          newFile(i: { fileName: string }) {
            info = i;
          },
          receiveDataChunk(chunk: Uint8Array, start: number) {
            seen.push(start);
            return chunk; // passes it on: the memory handler below keeps it
          },
          fileComplete() {
            return null;
          },
        };
      },
      'manouche.core.files.uploadhandler.MemoryFileUploadHandler',
    ],
  });
  const r = await post(await encodeMultipart('BoUnDaRyStRiNg', { f: new SimpleUploadedFile('f.txt', 'z'.repeat(300)) }), MULTIPART_CONTENT, 64);
  assert.is(await r.FILES.get('f')!.text(), 'z'.repeat(300));
  assert.ok(seen.length > 1 && seen[0] === 0, `chunk offsets ${seen}`);
  configure({ FILE_UPLOAD_HANDLERS: ['project.NoSuchHandler'] });
  const bad = await post(await encodeMultipart('BoUnDaRyStRiNg', { f: new SimpleUploadedFile('f.txt', 'z') }));
  assert.throws(() => bad.FILES, /FILE_UPLOAD_HANDLERS: no upload handler is registered as 'project.NoSuchHandler'/);
});

test('malformed bodies are MultiPartParserError naming the problem', async () => {
  const enc = new TextEncoder();
  let r = await post(enc.encode('--BoUnDaRyStRiNg\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'));
  assert.throws(() => r.POST, (e: unknown) => e instanceof MultiPartParserError && /no closing boundary/.test((e as Error).message));
  r = await post(enc.encode('x'), 'multipart/form-data');
  assert.throws(() => r.POST, (e: unknown) => e instanceof MultiPartParserError && /Invalid boundary/.test((e as Error).message));
  r = await post(enc.encode('no boundary here at all'));
  assert.throws(() => r.POST, isA(MultiPartParserError));
  // An empty file input is skipped, as browsers send it.
  r = await post(enc.encode('--BoUnDaRyStRiNg\r\nContent-Disposition: form-data; name="f"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--BoUnDaRyStRiNg--\r\n'));
  assert.is(r.FILES.size, 0);
});

test.run();
