import type { Redis } from 'ioredis';
import { ApiError } from '../../errors/api-error.js';
import { RequestRateLimiter } from '../../storage/rate-limiter.js';
import type { CustomEndpointsTable } from '../../storage/schema.js';
import type { UsageMeter } from '../usage.js';

/** An endpoint's own limits: calls per minute, all keys together (APIG.0308), and tokens per UTC month (3507). */
export class EndpointLimits {
  /** One limiter per distinct per-minute limit (endpoints share few values); counted per endpoint id. */
  private readonly perMinute = new Map<number, RequestRateLimiter>();

  constructor(
    private readonly usage: UsageMeter,
    private readonly redis?: Redis,
  ) {}

  async enforce(
    endpoint: Pick<CustomEndpointsTable, 'id' | 'project_id' | 'rate_limit_per_minute' | 'monthly_token_quota'>,
  ): Promise<void> {
    if (endpoint.rate_limit_per_minute !== null) {
      const limit = Number(endpoint.rate_limit_per_minute);
      let limiter = this.perMinute.get(limit);
      if (!limiter) {
        limiter = new RequestRateLimiter(
          { points: limit, durationSeconds: 60 },
          { keyPrefix: `aisp:endpoint:${limit}`, redis: this.redis },
        );
        this.perMinute.set(limit, limiter);
      }
      if (!(await limiter.consume(endpoint.id)).allowed) throw new ApiError('APIG.0308');
    }
    if (
      endpoint.monthly_token_quota !== null &&
      (await this.usage.tokensThisMonth(endpoint.project_id, endpoint.id)) >= Number(endpoint.monthly_token_quota)
    ) {
      throw new ApiError('ModelArts.3507');
    }
  }
}
