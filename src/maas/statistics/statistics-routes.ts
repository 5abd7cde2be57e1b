import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import type { Db } from '../../storage/database.js';
import { admitModelArts } from '../admit.js';
import { invalid, optionalStringList } from '../validation.js';
import type { CallStatistics } from './call-stats.js';
import { perMinute, perService, sourceIps, totals } from './stats-queries.js';
import { parseInferType, parseStatsFilter } from './stats-request.js';
import { chartInterval, chartPoints, figures, thousands } from './stats-views.js';

const tags = ['MaaS call statistics'];
/** The documented per-user limit of the statistics APIs (spec §5). */
const rateLimit = { points: 200, durationSeconds: 60 };
const chartIntervals = [60, 300, 3600, 86_400];

const Span = {
  start_time: Type.Integer({ description: 'Epoch ms' }),
  end_time: Type.Integer({ description: 'Epoch ms; at most 30 days after start_time' }),
  timezone: Type.Optional(Type.String({ description: 'IANA name; day and hour buckets start at its boundaries' })),
  api_keys: Type.Optional(Type.Array(Type.String(), { description: 'Key labels; "" for calls made with a token' })),
  ips: Type.Optional(Type.Array(Type.String(), { description: 'Client addresses' })),
};
const ServiceTypeField = Type.Integer({
  description: '1 my services, 2 built-in (operator) models, 3 (or 4) custom endpoints',
});

export interface StatisticsRouteDeps {
  db: Db;
  stats: CallStatistics;
}

/** The monitoring APIs of spec §5 over the per-minute call statistics. */
export function registerStatisticsRoutes(app: FastifyInstance, { db, stats }: StatisticsRouteDeps): void {
  const base = '/v1/:project_id/maas/monitoring';
  const config = { json: true, rateLimit };

  app.post(
    `${base}/show-statistics`,
    {
      config,
      schema: {
        tags,
        summary: 'Totals of calls, errors and tokens (thousands) over a span',
        body: Type.Object({ service_type: ServiceTypeField, infer_type: Type.String(), ...Span }),
      },
    },
    async (request) => {
      const { projectId, body } = admitModelArts(request, Permissions.usageRead);
      const filter = parseStatsFilter(projectId, body, { serviceTypeRequired: true });
      const inferType = parseInferType(body.infer_type);
      await stats.flush();
      const sums =
        inferType === 'batch'
          ? { calls: 0, errors: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0 }
          : await totals(db, filter);
      return {
        total_request_count: sums.calls,
        total_error_count: sums.errors,
        total_token: thousands(sums.promptTokens + sums.completionTokens),
        total_prompt_token: thousands(sums.promptTokens),
        total_completion_token: thousands(sums.completionTokens),
        total_completion_tasks: 0,
        total_infer_count: 0,
      };
    },
  );

  app.post(
    `${base}/list-service-statistics`,
    {
      config,
      schema: {
        tags,
        summary: 'Calls, failure rate, tokens and latency per service (endpoint, model or own service)',
        body: Type.Object({
          service_type: Type.Optional(ServiceTypeField),
          service_names: Type.Optional(Type.Array(Type.String(), { description: 'Substrings of names' })),
          ...Span,
        }),
      },
    },
    async (request) => {
      const { projectId, body } = admitModelArts(request, Permissions.usageRead);
      const filter = parseStatsFilter(projectId, body, { serviceTypeRequired: false });
      filter.serviceNames = optionalStringList(
        body,
        'service_names',
        100,
        (name) => name.length <= 128,
        'must list names of up to 128 characters',
      );
      await stats.flush();
      const services = await perService(db, filter);
      return {
        total: services.length,
        items: services.map((s) => ({
          service_id: s.serviceId,
          service_name: s.serviceName,
          service_type: s.serviceType,
          ...figures(s),
        })),
      };
    },
  );

  app.post(
    `${base}/:service_id/show-detail-chart`,
    {
      config,
      schema: {
        tags,
        summary: 'Time series of one service: calls, failure rate, tokens, latency, RPM, TPM, QPS',
        body: Type.Object({
          service_type: Type.Optional(ServiceTypeField),
          interval: Type.Optional(Type.Integer({ description: 'Seconds per point: 60, 300, 3600 or 86400' })),
          ...Span,
        }),
      },
    },
    async (request) => {
      const { projectId, params, body } = admitModelArts(request, Permissions.usageRead);
      const serviceId = params.service_id!;
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(serviceId))
        throw invalid('service_id', 'must be 1 to 128 letters, digits, "_" or "-"');
      const filter = { ...parseStatsFilter(projectId, body, { serviceTypeRequired: false }), serviceId };
      let intervalMs = chartInterval(filter.endMs - filter.startMs);
      if (body.interval !== undefined) {
        if (typeof body.interval !== 'number' || !chartIntervals.includes(body.interval)) {
          throw invalid('interval', `must be one of ${chartIntervals.join(', ')}`);
        }
        intervalMs = body.interval * 1000;
        if ((filter.endMs - filter.startMs) / intervalMs > 10_000) throw invalid('interval', 'gives too many points');
      }
      await stats.flush();
      const minutes = await perMinute(db, filter);
      return {
        service_id: serviceId,
        interval: intervalMs / 1000,
        items: chartPoints(minutes, filter, intervalMs, filter.timezone),
      };
    },
  );

  app.post(
    `${base}/source-ips`,
    {
      config,
      schema: {
        tags,
        summary: 'Client addresses that made calls in a span',
        body: Type.Object({ service_type: Type.Optional(ServiceTypeField), ...Span }),
      },
    },
    async (request) => {
      const { projectId, body } = admitModelArts(request, Permissions.usageRead);
      const filter = parseStatsFilter(projectId, body, { serviceTypeRequired: false });
      await stats.flush();
      const ips = await sourceIps(db, filter);
      return { total: ips.length, ips };
    },
  );
}
