/**
 * Caps the size of any one Uint8Array or Uint8ClampedArray created with a length in this isolate: pdf.js grows every
 * decoded stream (Flate, LZW, RunLength, ASCII85...) and every decoded image in such a buffer, and JSZip inflates into
 * one, and buffers live outside the V8 heap, so the worker's heap limit alone would not stop them. For the parse worker
 * only (its own isolate, its own globals): installed before the parsers are loaded, so that they pick it up.
 * `onHit` is told even when the parser catches the error and goes on, so that the cap is still reported.
 */
export function capTypedArrays(maxBytes: number, onHit: (bytes: number) => void): void {
  for (const name of ['Uint8Array', 'Uint8ClampedArray'] as const) {
    const Original = globalThis[name] as Uint8ArrayConstructor;
    const Capped = class extends Original {
      constructor(...args: unknown[]) {
        if (typeof args[0] === 'number' && args[0] > maxBytes) {
          onHit(args[0]);
          throw new RangeError(`a buffer of ${args[0]} bytes is over the cap of ${maxBytes}`);
        }
        super(...(args as [ArrayBuffer, number?, number?]));
      }
      // Arrays made elsewhere (Buffers, Node's own) are still instances, as they are of the original.
      static [Symbol.hasInstance](value: unknown): boolean {
        return value instanceof Original;
      }
    };
    Object.defineProperty(Capped, 'name', { value: name });
    (globalThis as Record<string, unknown>)[name] = Capped;
  }
}
