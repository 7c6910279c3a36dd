/**
 * The bridge to the WebAssembly matcher (assembly/router.ts): serializes the
 * native entries of a URLconf, compiles them once into a table in linear
 * memory, and runs lookups that write the path into a reused scratch region
 * and read back an entry index and capture spans.
 */
import { wasm } from '../wasm/instance';
import { Region, words } from '../wasm/memory';
import { Kind } from './converters';
import type { BuiltinConverter } from './converters';
import type { Entry } from './entries';
import { RoutePattern } from './patterns';

const LITERAL = 0;
const encoder = new TextEncoder();

/** One scratch region for every table: lookups never overlap (JavaScript is single-threaded). */
const scratch = new Region(4096);

export class Matcher {
  private readonly table: number;
  /** Word index of the output block: [entry, captureCount, start0, end0, ...]. */
  readonly out: number;
  private readonly rejects: number;
  private generation = 0;
  private readonly entryCount: number;
  /** Byte length of the last path written, and whether it was pure ASCII. */
  length = 0;
  ascii = true;

  constructor(entries: readonly Entry[]) {
    this.entryCount = entries.length;
    const native = entries.filter((e) => e.native);
    const spec: number[] = [native.length, entries.length];
    const blob: number[] = [];
    // The root resolver consumes a leading '/' (Django's RegexPattern('^/')).
    const rootOffset = blob.push(47) - 1;
    for (const entry of native) {
      spec.push(entry.index, entry.levels.length + 1);
      spec.push(0, 1, LITERAL, rootOffset, 1);
      entry.levels.forEach((level, i) => {
        const pieces = (level as RoutePattern).pieces;
        spec.push(i === entry.levels.length - 1 ? 1 : 0, pieces.length);
        for (const piece of pieces) {
          if ('literal' in piece) {
            const bytes = encoder.encode(piece.literal);
            spec.push(LITERAL, blob.length, bytes.length);
            for (const b of bytes) blob.push(b);
          } else {
            spec.push((piece.converter as BuiltinConverter<unknown>).kind, 0, 0);
          }
        }
      });
    }
    const specPtr = wasm.alloc(spec.length * 4 + 4);
    const blobPtr = wasm.alloc(blob.length + 4);
    words().set(spec, specPtr >> 2);
    new Uint8Array(wasm.memory.buffer).set(blob, blobPtr);
    this.table = wasm.routerCompile(specPtr, spec.length, blobPtr);
    wasm.free(specPtr);
    wasm.free(blobPtr);
    this.out = wasm.routerOutput(this.table) >> 2;
    this.rejects = wasm.routerRejects(this.table) >> 2;
  }

  /** Writes `path` again for another try of the same lookup. */
  write(path: string): void {
    this.length = scratch.write(path);
    this.ascii = scratch.ascii;
  }

  /** Starts a lookup of `path`: writes it to the scratch region. */
  begin(path: string): void {
    this.write(path);
    if (++this.generation === 0x7fffffff) {
      // Stamps from 2**31 lookups ago could collide: clear them.
      words().fill(0, this.rejects, this.rejects + this.entryCount);
      this.generation = 1;
    }
  }

  /** The smallest native entry matching the path written by begin(), or -1. */
  next(): number {
    return wasm.routerMatch(this.table, scratch.ptr, this.length, this.generation);
  }

  /** Excludes entries [from, to) from the rest of this lookup (a converter refused a value). */
  reject(from: number, to: number): void {
    words().fill(this.generation, this.rejects + from, this.rejects + to);
  }

  /** Decodes the UTF-8 bytes [start, end) of the path last written. */
  decode(start: number, end: number): string {
    return decoder.decode(new Uint8Array(wasm.memory.buffer, scratch.ptr + start, end - start));
  }

  /** The text of capture `i`, decoding UTF-8 only when the path was not ASCII. */
  text(path: string, i: number): string {
    const w = words();
    const start = w[this.out + 2 + 2 * i];
    const end = w[this.out + 3 + 2 * i];
    return this.ascii ? path.slice(start, end) : this.decode(start, end);
  }

  free(): void {
    wasm.routerFree(this.table);
  }
}

const decoder = new TextDecoder();
