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
  const { instance } = await instantiate<Record<string, unknown>>(decodeBase64(wasmBase64), {});
  // The loader's `exports` wraps every function in a rest-arguments shim that
  // records the argument count for optional parameters; none of ours has any,
  // so calls go straight to the instance's own exports.
  return instance.exports as unknown as WasmExports;
}

export const wasm: WasmExports = await load();
