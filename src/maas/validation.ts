import { type SchemaOptions, type TSchema, Type } from '@sinclair/typebox';
import { ApiError } from '../errors/api-error.js';
import { breaks, decodes, eachItem, type OrderedCheck } from '../errors/schema-answers.js';
import type { SchemaFailure } from '../errors/schema-check.js';

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

/** Names of services and operator models: 1 to 64 characters, a letter first, then letters, digits, `.`, `_`, `-`. */
export const resourceNamePattern = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** A parameter of the wrong value (ModelArts.0101, naming the field and the rule). */
export function invalid(field: string, rule: string): ApiError {
  return new ApiError('ModelArts.0101', `${field} ${rule}`);
}

/** As the MaaS management APIs read optional fields, null stands for absent. */
export const nullable = <T extends TSchema>(schema: T, options?: SchemaOptions) =>
  Type.Union([schema, Type.Null()], options);

/** A whole number within [min, max]: another JSON type does not decode (2115), a fraction or out of range is 0101. */
export const wholeNumberChecks = (field: string, min: number, max: number): OrderedCheck[] => [
  decodes(`/${field}`),
  breaks(`/${field}`, ['range'], `${field} must be an integer from ${min} to ${max}`),
];

/**
 * A whole number within [min, max] whose type the route schema has checked, where the bound depends on more than the
 * body (an endpoint's limits are capped by its model's): absent leaves it (undefined), null clears it, a number out of
 * range or with a fraction is ModelArts.0101.
 */
export function wholeNumberWithin(
  field: string,
  value: number | null | undefined,
  min: number,
  max: number,
): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * An optional list of strings (null or absent: none), in its order of checks: the list's type (2115), its length,
 * each item's type (2115) and rule, item by item, then repeats.
 */
export function stringList<T extends TSchema>(item: T, maxItems: number, options: SchemaOptions = {}) {
  return nullable(Type.Array(item, { maxItems, uniqueItems: true, ...options }));
}
export const stringListChecks = (field: string, maxItems: number, rule: string): OrderedCheck[] => [
  decodes(`/${field}`),
  breaks(`/${field}`, ['range'], `${field} may hold at most ${maxItems} items`, (f) => tooMany(f, maxItems)),
  eachItem(`/${field}/*`, `${field} ${rule}`),
  breaks(`/${field}`, ['range'], `${field} must not repeat an item`),
];
const tooMany = (failure: SchemaFailure, maxItems: number) =>
  Array.isArray(failure.value) && failure.value.length > maxItems;

/**
 * The list APIs' offset and limit. Left hand-written: query values arrive as strings, while the OpenAPI document
 * (from the route's querystring schema) states the integers the cloud documents.
 */
export interface Paging {
  offset: number;
  limit: number;
}

function nonNegativeInteger(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) throw invalid(name, `must be an integer from 0 to ${max}`);
  return Number(raw);
}

export function parsePaging(query: Record<string, string | undefined>, defaultLimit = 10, maxLimit = 100): Paging {
  const offset = nonNegativeInteger(query.offset, 'offset', 0, 1_000_000);
  const limit = nonNegativeInteger(query.limit, 'limit', defaultLimit, maxLimit);
  if (limit === 0) throw invalid('limit', `must be an integer from 1 to ${maxLimit}`);
  return { offset, limit };
}
