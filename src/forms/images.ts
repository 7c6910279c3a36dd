/**
 * Image dimensions from a file's header (what ImageField needs from Pillow):
 * PNG, GIF, JPEG, WebP (lossy, lossless, extended) and BMP. Only the header
 * is read; a truncated or unknown file gives null, never an exception.
 */
export interface ImageInfo {
  format: 'PNG' | 'GIF' | 'JPEG' | 'WEBP' | 'BMP';
  width: number;
  height: number;
}

/** MIME types by format, as Pillow's Image.MIME. */
export const IMAGE_MIME: Readonly<Record<ImageInfo['format'], string>> = {
  PNG: 'image/png',
  GIF: 'image/gif',
  JPEG: 'image/jpeg',
  WEBP: 'image/webp',
  BMP: 'image/bmp',
};

/** File extensions ImageField accepts (the formats read here). */
export const IMAGE_EXTENSIONS: readonly string[] = ['bmp', 'gif', 'jpeg', 'jpg', 'png', 'webp'];

function u16be(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}
function u16le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32be(b: Uint8Array, i: number): number {
  return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
}
function i32le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}
function ascii(b: Uint8Array, i: number, n: number): string {
  return String.fromCharCode(...b.subarray(i, i + n));
}

/** Format and dimensions of the image in `b`, or null when it is not one we can read. */
export function readImageInfo(b: Uint8Array): ImageInfo | null {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') {
    const width = u32be(b, 16);
    const height = u32be(b, 20);
    return width > 0 && height > 0 ? { format: 'PNG', width, height } : null;
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    const width = u16le(b, 6);
    const height = u16le(b, 8);
    return width > 0 && height > 0 ? { format: 'GIF', width, height } : null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return readJpeg(b);
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return readWebp(b);
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') {
    const width = i32le(b, 18);
    const height = Math.abs(i32le(b, 22));
    return width > 0 && height > 0 ? { format: 'BMP', width, height } : null;
  }
  return null;
}

// JPEG: walk the segments to the first start-of-frame marker.
function readJpeg(b: Uint8Array): ImageInfo | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      const height = u16be(b, i + 5);
      const width = u16be(b, i + 7);
      return width > 0 && height > 0 ? { format: 'JPEG', width, height } : null;
    }
    i += 2 + length;
  }
  return null;
}

function readWebp(b: Uint8Array): ImageInfo | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { format: 'WEBP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { format: 'WEBP', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { format: 'WEBP', width, height };
  }
  return null;
}
