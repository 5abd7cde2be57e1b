import { ApiError } from './api-error.js';
import type { ErrorCode } from './catalogue.js';
import { compareBySchemaOrder, type FailureKind, type SchemaAnswer, type SchemaFailure } from './schema-check.js';

/**
 * What each family answers for a body its route schema refuses, as the per-family side of `schema-check.ts`: which
 * failure answers (the family's documented order of checks) and with which of the catalogue's codes.
 */

/** A failure at the end of a path that is a list index (`/urls/3`): an element rather than a named field. */
const isListElement = (failure: SchemaFailure) => /\/\d+$/.test(failure.path);

export interface AisCodes {
  /** Fields whose value outside the documented list has its own code (an unknown event type is AIS.0005). */
  enumCodes?: Record<string, ErrorCode>;
  /** Fields whose wrong type has its own code (an image `url` that is not a string is AIS.0022). */
  typeCodes?: Record<string, ErrorCode>;
}

const aisKinds: readonly FailureKind[] = ['missing', 'empty', 'type', 'range', 'format', 'enum'];

/**
 * Content Moderation checks field by field in the order the route schema declares them, and for one field: present,
 * type, form, then the documented values. AIS.0011 a required field missing or empty (null included, except inside a
 * list of strings, where null is a wrong type), AIS.0401 a wrong type or form, AIS.0012 a value the API does not
 * support, with the overrides a route names.
 */
export function aisAnswer(codes: AisCodes = {}): SchemaAnswer {
  const compare = compareBySchemaOrder(aisKinds);
  return (failures) => {
    const first = failures.sort(compare)[0]!;
    if (first.value === '') return new ApiError('AIS.0011');
    switch (first.kind) {
      case 'missing':
      case 'empty':
        return new ApiError('AIS.0011');
      case 'type':
        if (first.value === null && !(isListElement(first) && first.schema.type !== 'object')) {
          return new ApiError('AIS.0011');
        }
        return new ApiError(codes.typeCodes?.[first.path] ?? 'AIS.0401');
      case 'enum':
        return new ApiError(codes.enumCodes?.[first.path] ?? 'AIS.0012');
      default:
        return new ApiError('AIS.0401');
    }
  };
}
