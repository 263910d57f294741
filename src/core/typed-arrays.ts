/** `into`, a larger typed array, holding `from`'s values at its start: how a scratch or slab array grows. */
export function grown<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(from: T, into: T): T {
  into.set(from);
  return into;
}
