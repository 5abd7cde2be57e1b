import { FormatRegistry, type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import ipaddr from 'ipaddr.js';
import { answerInOrder, breaks, decodes, type OrderedCheck } from '../../errors/schema-answers.js';
import { compileFailureList } from '../../errors/schema-check.js';
import { type ServiceType, serviceTypes } from '../contract.js';
import { invalid, nullable, stringList, stringListChecks } from '../validation.js';
import type { StatsFilter } from './stats-queries.js';

/**
 * The statistics bodies (spec §5): their schemas, which feed the OpenAPI document and, compiled, check the bodies,
 * and the order the monitoring APIs answer their failures in: the span, its rules across the two times, the service
 * type, the key-label and address filters, the time zone, then the route's own fields.
 */

/** Data is kept, and may be asked for, over 30 days at most (spec §5). */
const maxSpanMs = 30 * 86_400_000;
const labelPattern = /^[A-Za-z0-9_-]{0,128}$/;
export const chartIntervals = [60, 300, 3600, 86_400] as const;

/** An IANA time zone name (`Asia/Shanghai`); empty for UTC. */
FormatRegistry.Set('time-zone', (value) => {
  if (value === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
});
FormatRegistry.Set('ip-address', (value) => ipaddr.isValid(value));

const Span = {
  start_time: Type.Integer({ minimum: 1, description: 'Epoch ms' }),
  end_time: Type.Integer({ minimum: 1, description: 'Epoch ms; at most 30 days after start_time' }),
  timezone: Type.Optional(
    nullable(
      Type.String({ format: 'time-zone', description: 'IANA name; day and hour buckets start at its boundaries' }),
    ),
  ),
  api_keys: Type.Optional(
    stringList(Type.String({ pattern: labelPattern.source }), 100, {
      description: 'Key labels; "" for calls made with a token',
    }),
  ),
  ips: Type.Optional(stringList(Type.String({ format: 'ip-address' }), 100, { description: 'Client addresses' })),
};
const ServiceTypeField = Type.Integer({
  minimum: 1,
  maximum: 4,
  description: '1 my services, 2 built-in (operator) models, 3 (or 4) custom endpoints',
});
const OptionalServiceType = Type.Optional(nullable(ServiceTypeField));

export const ShowStatisticsBody = Type.Object({
  service_type: ServiceTypeField,
  infer_type: Type.Union([Type.Literal('real_time'), Type.Literal('batch')], {
    description: 'real_time: calls as they come; batch: the lines of batches (POST /v1/batches)',
  }),
  ...Span,
});
export const ServiceStatisticsBody = Type.Object({
  service_type: OptionalServiceType,
  service_names: Type.Optional(
    stringList(Type.String({ maxLength: 128 }), 100, { description: 'Substrings of names' }),
  ),
  ...Span,
});
export const DetailChartBody = Type.Object({
  service_type: OptionalServiceType,
  interval: Type.Optional(
    Type.Union(
      chartIntervals.map((seconds) => Type.Literal(seconds)),
      { description: 'Seconds per point: 60, 300, 3600 or 86400' },
    ),
  ),
  ...Span,
});
export const SourceIpsBody = Type.Object({ service_type: OptionalServiceType, ...Span });

const time = (field: string): OrderedCheck[] => [
  breaks(`/${field}`, ['missing', 'null'], `${field} is required`),
  decodes(`/${field}`),
  breaks(`/${field}`, ['range'], `${field} must be a positive epoch time in milliseconds`),
];
const span = [...time('start_time'), ...time('end_time')];
const filters = (serviceTypeRequired: boolean): OrderedCheck[] => [
  ...(serviceTypeRequired ? [breaks('/service_type', ['missing', 'null'], 'service_type is required')] : []),
  decodes('/service_type'),
  breaks('/service_type', ['range'], 'service_type must be 1, 2, 3 or 4'),
  ...stringListChecks(
    'api_keys',
    100,
    'must list API key labels of up to 128 letters, digits, "_" or "-" ("" for calls made with a token)',
  ),
  ...stringListChecks('ips', 100, 'must list IP addresses'),
  decodes('/timezone'),
  breaks('/timezone', ['format'], 'timezone must be an IANA time zone name such as Asia/Shanghai'),
];

/** The filter of a statistics request, and its body as the schema types it. */
export type StatsRequest<T extends TProperties> = {
  filter: StatsFilter & { timezone: string };
  body: Static<TObject<T>>;
};

/**
 * A compiled statistics check: the span and its rules, then the filters, then `own`, the route's fields (which
 * follow the time zone in the order, with nothing between).
 */
function statsRequest<T extends TProperties>(schema: TObject<T>, serviceTypeRequired: boolean, own: OrderedCheck[]) {
  const failuresOf = compileFailureList(schema);
  const rest = [...filters(serviceTypeRequired), ...own];
  return (projectId: string, raw: unknown): StatsRequest<T> => {
    const failures = failuresOf(raw);
    answerInOrder(failures, span);
    const body = raw as Static<typeof ShowStatisticsBody>;
    const startMs = body.start_time;
    const endMs = body.end_time;
    if (startMs > endMs) throw invalid('start_time', 'must not be after end_time');
    if (endMs - startMs > maxSpanMs) throw invalid('end_time', 'must be at most 30 days after start_time');
    answerInOrder(failures, rest);
    // 4 is read as 3 (custom endpoints).
    const serviceType = body.service_type === 4 ? serviceTypes.customEndpoint : body.service_type;
    const filter = {
      projectId,
      startMs,
      endMs,
      serviceType: (serviceType ?? undefined) as ServiceType | undefined,
      apiKeys: body.api_keys ?? undefined,
      ips: body.ips ?? undefined,
      timezone: body.timezone || 'UTC',
    };
    return { filter, body: raw as Static<TObject<T>> };
  };
}

export const parseShowStatistics = statsRequest(ShowStatisticsBody, true, [
  breaks('/infer_type', ['missing', 'null'], 'infer_type is required'),
  decodes('/infer_type'),
  breaks('/infer_type', ['enum'], 'infer_type must be real_time or batch'),
]);
export const parseServiceStatistics = statsRequest(ServiceStatisticsBody, false, [
  ...stringListChecks('service_names', 100, 'must list names of up to 128 characters'),
]);
/** Any failure of the interval, null and other types included, has one wording. */
export const parseDetailChart = statsRequest(DetailChartBody, false, [
  breaks('/interval', ['type', 'null', 'enum', 'range'], `interval must be one of ${chartIntervals.join(', ')}`),
]);
export const parseSourceIps = statsRequest(SourceIpsBody, false, []);
