import { ApiError } from '../errors/api-error.js';

/**
 * Reading the request fields that moderation reads before or beside its route schemas (a `biz_type` policy's name,
 * the glossary lists merged with a policy's), each with the catalogue's code for what is wrong: AIS.0011 a required
 * field missing or empty, AIS.0401 a field of the wrong type or form.
 */
function missing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function requiredString(value: unknown): string {
  if (missing(value)) throw new ApiError('AIS.0011');
  if (typeof value !== 'string') throw new ApiError('AIS.0401');
  return value;
}

export function stringList(value: unknown, maxItems = 20): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > maxItems || !value.every((v) => typeof v === 'string')) {
    throw new ApiError('AIS.0401');
  }
  return value as string[];
}
