// The memory bridge: JavaScript asks for unmanaged regions (scratch buffers,
// compiled tables) and reads/writes them through its own typed-array views.
// Nothing here is tracked by the garbage collector, so a region stays put
// until it is freed.

export function alloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}
