import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import type { ApiError } from './api-error.js';

/**
 * Route schemas are the validators: each is compiled once (TypeBox's TypeCompiler), a valid body costs one compiled
 * check, and only a body that fails is walked for all its failures, which the family's answer turns into one
 * documented code. The cloud checks in a fixed order, so which failure answers is decided by that order, never by
 * which failure a validator happened to report first.
 */

/** What is wrong at one place in a body, in the families' terms. */
export type FailureKind =
  /** A required field that is absent. */
  | 'missing'
  /** An empty string or an empty list where one is needed. */
  | 'empty'
  /** A value of another JSON type (null included). */
  | 'type'
  /** A value outside a documented set (a string that is none of the listed values). */
  | 'enum'
  /** A string that does not match its documented form. */
  | 'format'
  /** Too long, too many, out of range, not whole, repeated. */
  | 'range'
  /** A field the schema does not list, where it lists every field (`additionalProperties: false`). */
  | 'unknown';

export interface SchemaFailure {
  /** JSON pointer of the value, e.g. `/urls/3/data_id`. */
  path: string;
  kind: FailureKind;
  value: unknown;
  /** The schema the value failed (for a union, the union). */
  schema: TSchema;
  /** Where the value stands in the schema's declaration order: properties by position, list items by index. */
  order: number[];
}

/**
 * Turns a failing body's failures into the family's answer; undefined where every failure is one the route checks
 * later in code, in its place in the cloud's order (a limit that depends on the model the body names, say).
 */
export type SchemaAnswer = (failures: SchemaFailure[], body: unknown) => ApiError | undefined;

const typeMismatches = new Set<ValueErrorType>([
  ValueErrorType.Object,
  ValueErrorType.Array,
  ValueErrorType.String,
  ValueErrorType.Number,
  ValueErrorType.Integer,
  ValueErrorType.Boolean,
  ValueErrorType.Null,
  ValueErrorType.Literal,
]);

const isEmpty = (value: unknown) => value === '' || (Array.isArray(value) && value.length === 0);

function kindOf(error: ValueError): FailureKind {
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'missing';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown';
    case ValueErrorType.StringMinLength:
    case ValueErrorType.ArrayMinItems:
      return isEmpty(error.value) ? 'empty' : 'range';
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return isEmpty(error.value) ? 'empty' : 'format';
    case ValueErrorType.Integer:
      // A number with a fraction is out of range for a whole-number field; any other type is a type error.
      return typeof error.value === 'number' ? 'range' : 'type';
    case ValueErrorType.Literal:
      return typeof error.value === 'string' && typeof error.schema.const === 'string' ? 'enum' : 'type';
    default:
      return typeMismatches.has(error.type) ? 'type' : 'range';
  }
}

/**
 * A union's failure, as the failures of the variant the value was meant as: the variant whose failures go deeper
 * than the union or are not a type mismatch (a nullable list whose item is wrong is the list's item failure, a
 * nullable whole number with a fraction is out of range).
 * A string matching no listed value of a union of literals is `enum`.
 */
function* unionFailures(error: ValueError): Generator<ValueError> {
  const variants = error.errors.map((iterator) => [...iterator]);
  for (const errors of variants) {
    if (errors.some((e) => e.path !== error.path || kindOf(e) !== 'type')) {
      for (const e of errors) yield* flatten(e);
      return;
    }
  }
  const literals = (error.schema.anyOf as TSchema[]).filter((s) => s.const !== undefined);
  const enumLike = typeof error.value === 'string' && literals.some((s) => typeof s.const === 'string');
  yield {
    ...error,
    type: enumLike ? ValueErrorType.Literal : ValueErrorType.Union,
    schema: literals[0] ?? error.schema,
  };
}

function* flatten(error: ValueError): Generator<ValueError> {
  if (error.type === ValueErrorType.Union) yield* unionFailures(error);
  else yield error;
}

/** The position of a path in the schema's declaration order (see SchemaFailure.order). */
function orderOf(root: TSchema, path: string): number[] {
  const order: number[] = [];
  let schema: TSchema | undefined = root;
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    // Through a union (a nullable field), to the variant that has the key.
    if (schema?.anyOf) {
      schema = (schema.anyOf as TSchema[]).find((s) => (s.properties && key in s.properties) || s.items) ?? schema;
    }
    if (schema?.properties) {
      const keys = Object.keys(schema.properties);
      order.push(keys.includes(key) ? keys.indexOf(key) : keys.length);
      schema = schema.properties[key];
    } else if (schema?.items) {
      order.push(Number(key));
      schema = schema.items as TSchema;
    } else {
      order.push(0);
      schema = undefined;
    }
  }
  return order;
}

/** Every failure of a body, flattened through unions, each with its place in the schema's order. */
export function failuresOf(schema: TSchema, errors: Iterable<ValueError>): SchemaFailure[] {
  const failures: SchemaFailure[] = [];
  for (const top of errors) {
    for (const error of flatten(top)) {
      // An absent required field is also reported as a value of the wrong type; the absence is what it is.
      if (error.value === undefined && error.type !== ValueErrorType.ObjectRequiredProperty) continue;
      const kind = error.type === ValueErrorType.Union ? 'type' : kindOf(error);
      failures.push({
        path: error.path,
        kind,
        value: error.value,
        schema: error.schema,
        order: orderOf(schema, error.path),
      });
    }
  }
  return failures;
}

/** Schema order first (a field's own failure before its children's), then `kinds` for failures at one place. */
export function compareBySchemaOrder(kinds: readonly FailureKind[]) {
  return (a: SchemaFailure, b: SchemaFailure): number => {
    const length = Math.min(a.order.length, b.order.length);
    for (let i = 0; i < length; i++) if (a.order[i] !== b.order[i]) return a.order[i]! - b.order[i]!;
    if (a.order.length !== b.order.length) return a.order.length - b.order.length;
    return kinds.indexOf(a.kind) - kinds.indexOf(b.kind);
  };
}

/**
 * A compiled check of one schema: returns the body, typed, or throws the family's answer for its failures. A body
 * whose failures the answer leaves to later code is returned as it is: its type holds only for what was answered.
 */
export function compileBodyCheck<T extends TSchema>(schema: T, answer: SchemaAnswer): (body: unknown) => Static<T> {
  const check = TypeCompiler.Compile(schema);
  return (body) => {
    if (check.Check(body)) return body;
    const error = answer(failuresOf(schema, check.Errors(body)), body);
    if (error) throw error;
    return body as Static<T>;
  };
}

/**
 * A compiled check that hands back a body's failures (none for a valid body) instead of answering them, for routes
 * whose order of checks puts checks of their own (a lookup, a rule across two fields) between the body's fields: they
 * answer the failures stage by stage (`answerInOrder`), each stage after the code before it.
 */
export function compileFailureList(schema: TSchema): (body: unknown) => SchemaFailure[] {
  const check = TypeCompiler.Compile(schema);
  return (body) => (check.Check(body) ? [] : failuresOf(schema, check.Errors(body)));
}

/**
 * Registers a string format whose rule is a parser's: a value is of the format when `parse` takes it (does not
 * throw). The parser stays the one home of the rule and of its wordings, which a route answers the failure with.
 */
export function formatOfParser(name: string, parse: (value: string) => unknown): void {
  FormatRegistry.Set(name, (value) => {
    try {
      parse(value);
      return true;
    } catch {
      return false;
    }
  });
}
