import { ApiError } from '../errors/api-error.js';
import { parseHttpUrl } from '../net/download.js';

/**
 * Reading the documented request fields, each with the catalogue's code for what is wrong: AIS.0011 a required field
 * missing or empty, AIS.0401 a field of the wrong type or form, AIS.0012 a value the API does not support, AIS.0005
 * an event type (the "scenario") it does not know. Undocumented fields are ignored, as the cloud does.
 */
function missing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function requiredString(value: unknown): string {
  if (missing(value)) throw new ApiError('AIS.0011');
  if (typeof value !== 'string') throw new ApiError('AIS.0401');
  return value;
}

export function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('AIS.0401');
  return value;
}

export function optionalBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ApiError('AIS.0401');
  return value;
}

export function requiredObject(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) throw new ApiError('AIS.0011');
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError('AIS.0401');
  return value as Record<string, unknown>;
}

export function stringList(value: unknown, maxItems = 20): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > maxItems || !value.every((v) => typeof v === 'string')) {
    throw new ApiError('AIS.0401');
  }
  return value as string[];
}

/** An event type of the operation's list; required unless a `biz_type` policy stands in for it. */
export function eventTypeOf(value: unknown, allowed: readonly string[], required: boolean): string | undefined {
  if (missing(value)) {
    if (required) throw new ApiError('AIS.0011');
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError('AIS.0401');
  if (!allowed.includes(value)) throw new ApiError('AIS.0005');
  return value;
}

/**
 * Categories from the operation's list. Absent or empty: the defaults where the API has some, AIS.0011 where the
 * list is mandatory ("must not be empty"), none where it is optional (e.g. a video's audio).
 */
export function categoriesOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  whenAbsent: readonly T[] | 'required' | 'none',
): T[] {
  const list = stringList(value);
  if (list.length === 0) {
    if (whenAbsent === 'required') throw new ApiError('AIS.0011');
    return whenAbsent === 'none' ? [] : [...whenAbsent];
  }
  if (!list.every((c) => (allowed as readonly string[]).includes(c))) throw new ApiError('AIS.0012');
  return [...new Set(list)] as T[];
}

/** The callback seed: at most 64 letters, digits or underscores. */
export function seedOf(value: unknown): string | undefined {
  const seed = optionalString(value);
  if (seed === undefined || seed === '') return undefined;
  if (!/^[A-Za-z0-9_]{1,64}$/.test(seed)) throw new ApiError('AIS.0401');
  return seed;
}

/** A callback URL: absolute http(s), without credentials (AIS.0022 otherwise); required for live streams. */
export function callbackOf(value: unknown, required: boolean): string | undefined {
  if (missing(value)) {
    if (required) throw new ApiError('AIS.0011');
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError('AIS.0022');
  try {
    return parseHttpUrl(value).toString();
  } catch {
    throw new ApiError('AIS.0022');
  }
}

/** `language`: the cloud documents `zh` (3.1.139 also `en`); this platform moderates both. */
export function languageOf(value: unknown): 'zh' | 'en' | undefined {
  const language = optionalString(value);
  if (language === undefined || language === '') return undefined;
  if (language !== 'zh' && language !== 'en') throw new ApiError('AIS.0012');
  return language;
}

/** `frame_interval`: whole seconds from 1 to 60. */
export function frameIntervalOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 60) throw new ApiError('AIS.0401');
  return value;
}
