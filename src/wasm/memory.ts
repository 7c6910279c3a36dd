/**
 * Views on the module's linear memory and reusable regions in it.
 *
 * A typed array over `memory.buffer` is detached when memory grows, so every
 * accessor checks that its view still covers the current buffer. Regions are
 * allocated once and only replaced when a bigger input arrives: linear memory
 * grows with the largest input seen, never with the number of calls.
 */
import { wasm } from './instance';

let u8 = new Uint8Array(wasm.memory.buffer);
let i32 = new Int32Array(wasm.memory.buffer);

/** The byte view of linear memory, refreshed after a growth. */
export function bytes(): Uint8Array {
  // Growth detaches the old buffer, leaving views of length 0: cheaper to test
  // than reading memory.buffer on every call.
  if (u8.length === 0) refresh();
  return u8;
}

/** The 32-bit view of linear memory, refreshed after a growth. */
export function words(): Int32Array {
  if (i32.length === 0) refresh();
  return i32;
}

function refresh(): void {
  u8 = new Uint8Array(wasm.memory.buffer);
  i32 = new Int32Array(wasm.memory.buffer);
}

/** Current size of linear memory in bytes (tests watch it for growth). */
export function memorySize(): number {
  return wasm.memory.buffer.byteLength;
}

const encoder = new TextEncoder();

/**
 * A region of linear memory reused call after call: engines write their input
 * into it and read their answers from it.
 */
export class Region {
  ptr: number;
  capacity: number;
  private window: Uint8Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.ptr = wasm.alloc(capacity);
    this.window = bytes().subarray(this.ptr, this.ptr + capacity);
  }

  /** The region's bytes, as a view kept between calls. */
  view(): Uint8Array {
    // A view over a buffer detached by memory growth has length 0; checking
    // that is cheaper than reading memory.buffer on every call.
    if (this.window.length === 0) {
      this.window = bytes().subarray(this.ptr, this.ptr + this.capacity);
    }
    return this.window;
  }

  /** Makes room for `size` bytes, replacing the region only if it is too small. */
  ensure(size: number): void {
    if (size <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < size) capacity *= 2;
    wasm.free(this.ptr);
    this.ptr = wasm.alloc(capacity);
    this.capacity = capacity;
    this.window = bytes().subarray(this.ptr, this.ptr + capacity);
  }

  /** Whether the text last written by write() was pure ASCII (byte offsets are then string indexes). */
  ascii = true;

  /**
   * Writes `text` as UTF-8 and returns the byte length, like writeUtf8(), and
   * records whether it was ASCII (every UTF-16 unit became one byte).
   */
  write(text: string): number {
    const written = this.writeUtf8(text);
    this.ascii = written === text.length;
    return written;
  }

  /**
   * Writes `text` as UTF-8 at the start of the region and returns the byte
   * length. Strings longer than the region grow it once (3 bytes per UTF-16
   * unit is the worst case of UTF-8).
   */
  writeUtf8(text: string): number {
    // 16 bytes of slack after the text: engines may read a word past the end.
    if (text.length * 3 + 16 > this.capacity) this.ensure(text.length * 3 + 16);
    return encoder.encodeInto(text, this.view()).written;
  }
}
