import assert from 'node:assert/strict';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

/**
 * Responses are checked against the routes' own response schemas (the ones the OpenAPI document shows), held exact:
 * every object closed to keys its schema does not list, at every depth, so a field the schema lacks fails the test
 * instead of reaching clients undocumented.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema))
    copy[key] = key === 'properties' ? mapValues(value) : closed(value);
  // TypeBox keeps its kind under a symbol, which Object.entries skips.
  for (const symbol of Object.getOwnPropertySymbols(schema)) {
    (copy as Record<symbol, unknown>)[symbol] = (schema as Record<symbol, unknown>)[symbol];
  }
  if ((schema as { type?: unknown }).type === 'object' && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

function mapValues(properties: unknown): unknown {
  return Object.fromEntries(Object.entries(properties as Record<string, unknown>).map(([k, v]) => [k, closed(v)]));
}

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** Asserts that a response body is exactly what the route's response schema describes. */
export function assertMatches(value: unknown, schema: TSchema): void {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(closed(schema) as TSchema);
    compiled.set(schema, check);
  }
  if (check.Check(value)) return;
  const problems = [...check.Errors(value)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
  assert.fail(`response does not match its schema:\n  ${problems.join('\n  ')}\n${JSON.stringify(value)}`);
}
