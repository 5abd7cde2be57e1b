import { ApiError } from '../errors/api-error.js';

// Markup, quote and statement characters, and control characters: the catalogue's "special characters".
const dangerousCharacters = /[<>'";\u0000-\u001f\u007f]/;

/**
 * ModelArts.6298: every string parameter (body fields at any depth, query parameters, path parameters) is checked
 * for dangerous characters before anything else looks at it. `%s` is the parameter's name (dotted for nested fields).
 */
export function assertParametersSafe(value: unknown, name = ''): void {
  if (typeof value === 'string') {
    if (dangerousCharacters.test(value)) throw new ApiError('ModelArts.6298', name);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assertParametersSafe(item, `${name}[${index}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (dangerousCharacters.test(key)) throw new ApiError('ModelArts.6298', name ? `${name}.${key}` : key);
      assertParametersSafe(child, name ? `${name}.${key}` : key);
    }
  }
}

export const resourceNamePattern = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** A field that must be a string when present; any other JSON type is a body that does not decode (2115). */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('ModelArts.2115');
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ApiError('ModelArts.2115');
  return value;
}

export interface Paging {
  offset: number;
  limit: number;
}

function nonNegativeInteger(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max)
    throw new ApiError('ModelArts.0101', `${name} must be an integer from 0 to ${max}`);
  return Number(raw);
}

export function parsePaging(query: Record<string, string | undefined>): Paging {
  const offset = nonNegativeInteger(query.offset, 'offset', 0, 1_000_000);
  const limit = nonNegativeInteger(query.limit, 'limit', 10, 100);
  if (limit === 0) throw new ApiError('ModelArts.0101', 'limit must be an integer from 1 to 100');
  return { offset, limit };
}
