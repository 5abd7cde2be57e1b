import type { FastifyInstance } from 'fastify';
import { Permissions } from '../../identity/index.js';
import type { Db } from '../../storage/database.js';
import { admitModelArts } from '../admit.js';
import { invalid } from '../validation.js';
import type { CallStatistics } from './call-stats.js';
import { perMinute, perService, sourceIps, totals } from './stats-queries.js';
import {
  DetailChartBody,
  parseDetailChart,
  parseServiceStatistics,
  parseShowStatistics,
  parseSourceIps,
  ServiceStatisticsBody,
  ShowStatisticsBody,
  SourceIpsBody,
} from './stats-request.js';
import { chartInterval, chartPoints, figures, spend, thousands } from './stats-views.js';

const tags = ['MaaS call statistics'];
/** The documented per-user limit of the statistics APIs (spec §5). */
const rateLimit = { points: 200, durationSeconds: 60 };
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
        body: ShowStatisticsBody,
      },
    },
    async (request) => {
      const { projectId, body: raw } = admitModelArts(request, Permissions.usageRead);
      const { filter, body } = parseShowStatistics(projectId, raw);
      await stats.flush();
      const sums = await totals(db, { ...filter, inferType: body.infer_type });
      return {
        total_request_count: sums.calls,
        total_error_count: sums.errors,
        total_token: thousands(sums.promptTokens + sums.completionTokens),
        total_prompt_token: thousands(sums.promptTokens),
        total_completion_token: thousands(sums.completionTokens),
        total_completion_tasks: 0,
        total_infer_count: 0,
        ...spend(sums),
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
        body: ServiceStatisticsBody,
      },
    },
    async (request) => {
      const { projectId, body: raw } = admitModelArts(request, Permissions.usageRead);
      const { filter, body } = parseServiceStatistics(projectId, raw);
      const byName = { ...filter, serviceNames: body.service_names ?? undefined };
      await stats.flush();
      const services = await perService(db, byName);
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
        body: DetailChartBody,
      },
    },
    async (request) => {
      const { projectId, params, body: raw } = admitModelArts(request, Permissions.usageRead);
      const serviceId = params.service_id!;
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(serviceId))
        throw invalid('service_id', 'must be 1 to 128 letters, digits, "_" or "-"');
      const chart = parseDetailChart(projectId, raw);
      const { body } = chart;
      const filter = { ...chart.filter, serviceId };
      let intervalMs = chartInterval(filter.endMs - filter.startMs);
      if (body.interval !== undefined) {
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
        body: SourceIpsBody,
      },
    },
    async (request) => {
      const { projectId, body } = admitModelArts(request, Permissions.usageRead);
      const { filter } = parseSourceIps(projectId, body);
      await stats.flush();
      const ips = await sourceIps(db, filter);
      return { total: ips.length, ips };
    },
  );
}
