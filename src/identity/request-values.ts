import { ApiError } from '../errors/api-error.js';

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

/** A description: any string up to 255 characters, empty included (IAM's limit). */
export function description(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length > 255) throw new ApiError('IAM.0002', name);
  return value;
}

const namePattern = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** A name of an account, user or project: a letter, then up to 63 letters, digits, `.`, `_` or `-`. */
export function requiredName(value: unknown, name: string): string {
  const text = requiredString(value, name, 64);
  if (!namePattern.test(text)) throw new ApiError('IAM.0002', name);
  return text;
}
