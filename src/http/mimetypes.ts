/** Content types by file extension (the common part of Python's mimetypes table). */
const TYPES: Record<string, string> = {
  html: 'text/html', htm: 'text/html', txt: 'text/plain', css: 'text/css', csv: 'text/csv', xml: 'text/xml',
  js: 'text/javascript', mjs: 'text/javascript', json: 'application/json', map: 'application/json',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp',
  ico: 'image/vnd.microsoft.icon', avif: 'image/avif', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff',
  pdf: 'application/pdf', zip: 'application/zip', tar: 'application/x-tar', wasm: 'application/wasm',
  mp3: 'audio/mpeg', wav: 'audio/x-wav', ogg: 'audio/ogg', mp4: 'video/mp4', webm: 'video/webm', mpeg: 'video/mpeg',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf',
  md: 'text/markdown', rtf: 'application/rtf', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Compression suffixes and the type Django's FileResponse gives them. */
const ENCODINGS: Record<string, string> = {
  gz: 'application/gzip', bz2: 'application/x-bzip', xz: 'application/x-xz', br: 'application/x-brotli', Z: 'application/x-compress',
};

/** The content type of a file name (Django's FileResponse: an encoded file is served as its compression type). */
export function guessType(filename: string): string | null {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = filename.slice(dot + 1);
  if (ext in ENCODINGS) return ENCODINGS[ext];
  return TYPES[ext.toLowerCase()] ?? null;
}
