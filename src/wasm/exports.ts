/**
 * The functions the WebAssembly module exports, engine by engine. Every
 * argument and result is a number: strings cross as UTF-8 bytes in linear
 * memory (see ./memory.ts), never through the loader's string helpers.
 */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  alloc(size: number): number;
  free(ptr: number): void;
  /** assembly/template.ts: parses template source; returns the instruction stream's address. */
  templateParse(source: number, length: number, tags: number, tagsLength: number, tagsChanged: number): number;
}
