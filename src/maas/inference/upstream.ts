import type { Agent, FormData } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { outboundApiError } from '../../errors/outbound-codes.js';
import { createGuardedAgent, outboundFailureOf } from '../../net/outbound.js';
import { CallCancellation, CallCancelledError, UpstreamResponse } from './upstream-call.js';

export interface UpstreamLimits {
  connectTimeoutMs: number;
  /** Time to the upstream's response headers (for a stream: to its first byte). */
  headersTimeoutMs: number;
  /** Longest silence inside a response body (between stream events). */
  bodyTimeoutMs: number;
  /** Largest non-streamed upstream answer read. */
  maxResponseBytes: number;
  /** Allow model servers on loopback and private networks (typical when self-hosting; off by default). */
  allowPrivateUpstreams: boolean;
  /** Address ranges allowed even when private addresses are refused (CIDR). */
  allowedAddresses: string[];
}

/** Calls OpenAI-compatible model servers through one guarded connection pool. */
export class UpstreamClient {
  private readonly agent: Agent;

  constructor(readonly limits: UpstreamLimits) {
    this.agent = createGuardedAgent({
      addresses: { allowPrivate: limits.allowPrivateUpstreams, allowedRanges: limits.allowedAddresses },
      connectTimeoutMs: limits.connectTimeoutMs,
      headersTimeoutMs: limits.headersTimeoutMs,
      bodyTimeoutMs: limits.bodyTimeoutMs,
    });
  }

  /** Origin and path prefix of each replica URL, parsed once (few distinct URLs: one per replica). */
  private readonly targets = new Map<string, { origin: string; basePath: string }>();

  private target(baseUrl: string): { origin: string; basePath: string } {
    let target = this.targets.get(baseUrl);
    if (!target) {
      const url = new URL(baseUrl);
      target = { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') + url.search };
      if (this.targets.size >= 10_000) this.targets.clear();
      this.targets.set(baseUrl, target);
    }
    return target;
  }

  /**
   * POSTs the body to `baseUrl` + `path`, with the upstream's own key as a Bearer token when it has one and the
   * call's trace headers. Resolves once a 2xx answer's headers are in (the body follows, see UpstreamResponse); a
   * non-2xx answer is an UpstreamStatusError (ModelArts.5003 quoting the upstream's message). Dispatched on undici's
   * callbacks: no Readable stream or AbortSignal per call.
   */
  post(
    baseUrl: string,
    path: string,
    body: string | FormData,
    options: {
      stream: boolean;
      cancellation: CallCancellation;
      apiKey?: string | undefined;
      headersTimeoutMs?: number | undefined;
      headers?: Record<string, string>;
    },
  ): Promise<UpstreamResponse> {
    if (options.cancellation.cancelled) return Promise.reject(new CallCancelledError());
    const { origin, basePath } = this.target(baseUrl);
    // A form (audio) is sent with the multipart type and length undici sets for it, and answers JSON or text.
    const json = typeof body === 'string';
    const headers: Record<string, string> = json
      ? {
          ...options.headers,
          'content-type': 'application/json',
          accept: options.stream ? 'text/event-stream' : 'application/json',
        }
      : { ...options.headers, accept: '*/*' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const response = new UpstreamResponse({ resolve, reject }, this.limits.maxResponseBytes, options.cancellation);
      this.agent.dispatch(
        {
          origin,
          path: basePath + path,
          method: 'POST',
          headers,
          body,
          ...(options.headersTimeoutMs ? { headersTimeout: options.headersTimeoutMs } : {}),
        },
        response,
      );
    }).then((response) => {
      if (response.statusCode >= 200 && response.statusCode < 300) return response;
      throw new UpstreamStatusError(
        response.statusCode,
        summarise(response.errorText()),
        retryAfterMs(response.headers['retry-after']),
      );
    });
  }

  /** The whole answer, parsed, with its text (which is relayed as it came where only the model name changes). */
  async readJson(upstream: UpstreamResponse): Promise<{ answer: Record<string, unknown>; text: string }> {
    const text = await upstream.text();
    return { answer: parseAnswer(text), text };
  }

  /** The guarded connection pool, for calls relayed as they are (direct calls of a service). */
  get dispatcher(): Agent {
    return this.agent;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** An upstream's answer text as the JSON object it must be (ModelArts.5003 else). */
export function parseAnswer(text: string): Record<string, unknown> {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new ApiError('ModelArts.5003', 'the answer is not JSON');
  }
  // `null`, `5` or `"hello"` parse too, but are no answer the client can use.
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    throw new ApiError('ModelArts.5003', 'the answer is not a JSON object');
  }
  return answer as Record<string, unknown>;
}

/** An upstream that answered with an error status: the client sees ModelArts.5003 unless another replica answers. */
export class UpstreamStatusError extends ApiError {
  constructor(
    readonly upstreamStatus: number,
    message: string,
    /** The upstream's Retry-After, for a 429 or 503. */
    readonly retryAfterMs: number | undefined,
  ) {
    super('ModelArts.5003', `${upstreamStatus} ${message}`);
  }
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function summarise(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (message) return message.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.slice(0, 300);
}

/** Any failure of an upstream call, as the client sees it. */
export function upstreamError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return outboundApiError('ModelArts', 'upstream', outboundFailureOf(error));
}
