/**
 * mulberry32: a small seeded PRNG, for everything that must replay from a seed (training splits, generated check
 * sets, fuzz and property tests). Never Math.random where a result has to be reproduced.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
