import { ApiError } from '../errors/api-error.js';

/**
 * Hand-written reads left where a route is not checked by its schema: the token request (a method-dependent shape) and
 * the operator's account creation (a taken name answers before the other fields).
 */

/** Reads a nested value of a parsed JSON body without trusting its shape. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function requiredString(value: unknown, name: string, maxLength = 128): string {
  if (typeof value !== 'string' || value === '' || value.length > maxLength) throw new ApiError('IAM.0002', name);
  return value;
}

export function optionalString(value: unknown, name: string, maxLength = 128): string | undefined {
  return value === undefined ? undefined : requiredString(value, name, maxLength);
}

const namePattern = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** A name of an account, user or project: a letter, then up to 63 letters, digits, `.`, `_` or `-`. */
export function requiredName(value: unknown, name: string): string {
  const text = requiredString(value, name, 64);
  if (!namePattern.test(text)) throw new ApiError('IAM.0002', name);
  return text;
}

/** A whole number of a query string from `min` to `max` (absent: undefined); anything else answers IAM.0002. */
export function integerQuery(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d{1,16}$/.test(value) || number < min || number > max) throw new ApiError('IAM.0002', name);
  return number;
}
