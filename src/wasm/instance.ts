/**
 * Instantiates the embedded WebAssembly module once per realm. Top-level
 * await keeps every engine's API synchronous afterwards; it works in Node,
 * in pages and in bundlers.
 */
import { instantiate } from '@assemblyscript/loader';
import { decodeBase64 } from './base64';
import type { WasmExports } from './exports';
import { wasmBase64 } from './module.generated';

async function load(): Promise<WasmExports> {
  const { exports } = await instantiate<Record<string, unknown>>(decodeBase64(wasmBase64), {});
  return exports as unknown as WasmExports;
}

export const wasm: WasmExports = await load();
