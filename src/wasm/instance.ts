/**
 * Instantiates the embedded WebAssembly module once per realm, synchronously
 * (new WebAssembly.Module + Instance), so every engine's API is synchronous
 * and the module needs no top-level await: a classic script (a service
 * worker bundled as an IIFE) can carry it. The module is about 40 KB, far
 * under the size browsers allow to compile synchronously on a page's main
 * thread.
 */
import { instantiateSync } from '@assemblyscript/loader';
import { decodeBase64 } from './base64';
import type { WasmExports } from './exports';
import { wasmBase64 } from './module.generated';

function load(): WasmExports {
  const { instance } = instantiateSync<Record<string, unknown>>(decodeBase64(wasmBase64), {});
  // The loader's `exports` wraps every function in a rest-arguments shim that
  // records the argument count for optional parameters; none of ours has any,
  // so calls go straight to the instance's own exports.
  return instance.exports as unknown as WasmExports;
}

export const wasm: WasmExports = load();
