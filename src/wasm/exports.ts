/**
 * The functions the WebAssembly module exports, engine by engine. Every
 * argument and result is a number: strings cross as UTF-8 bytes in linear
 * memory (see ./memory.ts), never through the loader's string helpers.
 */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  alloc(size: number): number;
  free(ptr: number): void;

  // Router (assembly/router.ts)
  routerCompile(spec: number, specLength: number, blob: number): number;
  routerFree(table: number): void;
  routerMatch(table: number, path: number, length: number, generation: number): number;
  routerOutput(table: number): number;
  routerRejects(table: number): number;

  // Query compiler (assembly/sql.ts)
  sqlIntern(ptr: number, len: number): number;
  sqlCompile(plan: number, words: number): number;
  sqlIdentCount(): number;
  /** assembly/template.ts: parses template source; returns the instruction stream's address. */
  templateParse(source: number, length: number, tags: number, tagsLength: number, tagsChanged: number): number;
}
