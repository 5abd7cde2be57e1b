import { ApiError } from '../errors/api-error.js';

/** Reads a nested value of a parsed JSON body without trusting its shape (a `user` that is not an object: absent). */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A whole number of a query string from `min` to `max` (absent: undefined); anything else answers IAM.0002. */
export function integerQuery(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d{1,16}$/.test(value) || number < min || number > max) throw new ApiError('IAM.0002', name);
  return number;
}
