import ipaddr from 'ipaddr.js';
import { ApiError } from '../../errors/api-error.js';
import { type ServiceType, serviceTypes } from '../contract.js';
import { invalid, optionalStringList } from '../validation.js';
import type { StatsFilter } from './stats-queries.js';

/** Data is kept, and may be asked for, over 30 days at most (spec §5). */
const maxSpanMs = 30 * 86_400_000;
const labelPattern = /^[A-Za-z0-9_-]{0,128}$/;

function requiredTime(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (typeof value !== 'number') throw new ApiError('ModelArts.2115');
  if (!Number.isInteger(value) || value <= 0) throw invalid(field, 'must be a positive epoch time in milliseconds');
  return value;
}

/** `service_type`: 1 my services, 2 built-in (the operator's models), 3 custom endpoints (4 is read as 3 too). */
export function parseServiceType(value: unknown, required: boolean): ServiceType | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalid('service_type', 'is required');
    return undefined;
  }
  if (typeof value !== 'number') throw new ApiError('ModelArts.2115');
  if (value === 4) return serviceTypes.customEndpoint;
  if (![1, 2, 3].includes(value)) throw invalid('service_type', 'must be 1, 2, 3 or 4');
  return value as ServiceType;
}

/** An IANA time zone name (`Asia/Shanghai`); UTC when absent. */
export function parseTimezone(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'UTC';
  if (typeof value !== 'string') throw new ApiError('ModelArts.2115');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw invalid('timezone', 'must be an IANA time zone name such as Asia/Shanghai');
  }
  return value;
}

/** The fields every statistics request shares: the time span and the key-label and address filters. */
export function parseStatsFilter(
  projectId: string,
  body: Record<string, unknown>,
  options: { serviceTypeRequired: boolean },
): StatsFilter & { timezone: string } {
  const startMs = requiredTime(body, 'start_time');
  const endMs = requiredTime(body, 'end_time');
  if (startMs > endMs) throw invalid('start_time', 'must not be after end_time');
  if (endMs - startMs > maxSpanMs) throw invalid('end_time', 'must be at most 30 days after start_time');
  return {
    projectId,
    startMs,
    endMs,
    serviceType: parseServiceType(body.service_type, options.serviceTypeRequired),
    apiKeys: optionalStringList(
      body,
      'api_keys',
      100,
      (label) => labelPattern.test(label),
      'must list API key labels of up to 128 letters, digits, "_" or "-" ("" for calls made with a token)',
    ),
    ips: optionalStringList(body, 'ips', 100, (ip) => ipaddr.isValid(ip), 'must list IP addresses'),
    timezone: parseTimezone(body.timezone),
  };
}

/** `infer_type`: real_time or batch (this platform runs no batch inference: its figures are all zero). */
export function parseInferType(value: unknown): 'real_time' | 'batch' {
  if (value === undefined || value === null) throw invalid('infer_type', 'is required');
  if (typeof value !== 'string') throw new ApiError('ModelArts.2115');
  if (value !== 'real_time' && value !== 'batch') throw invalid('infer_type', 'must be real_time or batch');
  return value;
}
