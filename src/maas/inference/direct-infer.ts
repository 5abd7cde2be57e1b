import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { familyError } from '../../errors/families.js';
import type { AnonymousCaller } from '../../gateway/route-config.js';
import { hasPermission, Permissions, type UserCaller } from '../../identity/index.js';
import { readCapped } from '../../net/outbound.js';
import type { ModelServicesTable } from '../../storage/schema.js';
import { serviceTypes } from '../contract.js';
import type { ModelServiceStore } from '../services/model-services.js';
import type { InFlightCalls } from './in-flight.js';
import type { CallStatistics } from '../statistics/call-stats.js';
import type { UpstreamClient } from './upstream.js';
import { upstreamError } from './upstream.js';
import { saneTokenCount } from './usage-estimate.js';
import { servicePrices } from './resolve-route.js';
import { costNanos } from '../pricing/prices.js';

/** Service ids here are 32 hex characters; the cloud's are UUIDs. Either is a well-formed URL. */
const serviceIdPattern = /^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Request headers relayed to the service: the body's type and what the client accepts, never its credentials. */
const relayedRequestHeaders = ['content-type', 'accept', 'accept-language'];
const relayedResponseHeaders = ['content-type', 'cache-control'];

interface ParsedInferUrl {
  serviceId: string;
  /** The path after the service id, with its query string ('/' when none). */
  rest: string;
  /**
   * The client's address ('' when unknown), read when the call arrives: the call is metered at its end, and by then
   * a client that left has taken its socket, and with it the address, away.
   */
  clientAddress: string;
}

/** `/v1/infers/{service_id}/{path}?{query}`: ModelArts.4201 without a service id, 4202 for a malformed one. */
function parseInferUrl(request: FastifyRequest): ParsedInferUrl {
  const raw = request.raw.url ?? request.url;
  const match = /^\/v1\/infers(?:\/([^/?]*))?([^?]*)(\?.*)?$/.exec(raw);
  if (!match) throw familyError(request.family, 'malformedUrl');
  const serviceId = match[1] ?? '';
  if (serviceId === '') throw familyError(request.family, 'missingId');
  if (!serviceIdPattern.test(serviceId)) throw familyError(request.family, 'malformedUrl');
  return { serviceId, rest: `${match[2] || '/'}${match[3] ?? ''}`, clientAddress: request.ip ?? '' };
}

const parsedUrls = new WeakMap<FastifyRequest, ParsedInferUrl>();

export interface DirectInferDeps {
  services: ModelServiceStore;
  stats: CallStatistics;
  upstream: UpstreamClient;
  maxResponseBytes: number;
  projectOfAccount(accountId: string, projectId: string): Promise<unknown>;
  accountOfProject(projectId: string): Promise<string | undefined>;
  /** Calls running, which shutdown lets finish before the statistics are flushed. */
  calls: InFlightCalls;
}

/**
 * A tenant's real-time service called directly, as on the cloud: `/v1/infers/{service_id}/...` with a project token
 * or AK/SK (ModelArts.41xx for the credential, 42xx for the URL and access), or with nothing for a service whose
 * authentication mode is `none`. The request goes to the service's server as it came (method, path after the id,
 * query, body), without the caller's credentials; the answer comes back as the server sent it, streams included.
 */
export function registerDirectInfer(app: FastifyInstance, deps: DirectInferDeps): void {
  const iam = app.authenticators.get('iam')!;
  app.authenticators.set('infer', async (request) => {
    const parsed = parseInferUrl(request);
    parsedUrls.set(request, parsed);
    const service = await deps.services.findAnywhere(parsed.serviceId);
    if (service?.auth_mode !== 'none') return iam(request);
    // The gateway checks the owner's state next (ModelArts.4106 while it is frozen or restricted), as for its users.
    const ownerAccountId = await deps.accountOfProject(service.project_id);
    if (ownerAccountId === undefined) throw new ApiError('ModelArts.4204');
    return { kind: 'anonymous', rateKey: parsed.clientAddress, ownerAccountId } satisfies AnonymousCaller;
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parsedUrls.get(request) ?? parseInferUrl(request);
    const service = await deps.services.findAnywhere(parsed.serviceId);
    if (!service) throw new ApiError('ModelArts.4204');
    if (request.caller?.kind === 'user') await checkAccess(request.caller, service, deps);
    checkJsonBody(request);
    return deps.calls.track(() => relay(request, reply, service, parsed, deps));
  };
  for (const url of ['/v1/infers', '/v1/infers/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
      url,
      config: { auth: 'infer' },
      schema: {
        tags: ['Model services'],
        summary: 'Call a real-time service directly (token, AK/SK, or none for auth_mode none)',
        ...(url === '/v1/infers' ? { hide: true } : {}),
      },
      handler,
    });
  }
}

/** A body sent as JSON must be JSON (ModelArts.4105); it is relayed as the exact bytes that came. */
function checkJsonBody(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type) || !request.rawBody || request.rawBody.length === 0) return;
  try {
    JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw familyError(request.family, 'badJson');
  }
}

/**
 * The caller's access to the service: a service of another account is as unknown (4204); a token scoped to another
 * project of the account, or a user without the permission to call services, has no access (4203).
 */
async function checkAccess(caller: UserCaller, service: ModelServicesTable, deps: DirectInferDeps): Promise<void> {
  if (!(await deps.projectOfAccount(caller.accountId, service.project_id))) throw new ApiError('ModelArts.4204');
  if (caller.method === 'token' && caller.tokenProjectId !== service.project_id) throw new ApiError('ModelArts.4203');
  if (!hasPermission(caller.principal.permissions, Permissions.serviceInfer)) throw new ApiError('ModelArts.4203');
}

async function relay(
  request: FastifyRequest,
  reply: FastifyReply,
  service: ModelServicesTable,
  { rest, clientAddress }: ParsedInferUrl,
  deps: DirectInferDeps,
) {
  const started = performance.now();
  const startedAt = Date.now();
  const headers: Record<string, string> = {};
  for (const name of relayedRequestHeaders) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const root = service.upstream_url.replace(/\/v1$/, '');
  const abort = new AbortController();
  const onClientClose = () => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.on('close', onClientClose);
  // A client that left before this point had its 'close' already: the service is not called for it.
  if (reply.raw.destroyed) onClientClose();
  const record = (failed: boolean, usage?: unknown) => {
    const counts = (usage ?? {}) as { prompt_tokens?: unknown; completion_tokens?: unknown };
    const promptTokens = saneTokenCount(counts.prompt_tokens) ? counts.prompt_tokens : 0;
    const completionTokens = saneTokenCount(counts.completion_tokens) ? counts.completion_tokens : 0;
    deps.stats.record({
      projectId: service.project_id,
      serviceType: serviceTypes.myService,
      serviceId: service.id,
      serviceName: service.name,
      apiKeyLabel: '',
      sourceIp: clientAddress,
      failed,
      promptTokens,
      completionTokens,
      latencyMs: performance.now() - started,
      onFreeQuota: false,
      costNanos: costNanos(servicePrices(service), promptTokens, completionTokens, startedAt),
    });
  };
  let answer: Dispatcher.ResponseData;
  try {
    const body = request.rawBody && request.rawBody.length > 0 ? request.rawBody : undefined;
    answer = await undiciRequest(`${root}${rest}`, {
      method: request.method as Dispatcher.HttpMethod,
      dispatcher: deps.upstream.dispatcher,
      signal: abort.signal,
      headers,
      ...(body ? { body } : {}),
    });
  } catch (error) {
    record(true);
    throw upstreamError(error);
  }
  reply.status(answer.statusCode);
  for (const name of relayedResponseHeaders) {
    const value = answer.headers[name];
    if (typeof value === 'string') reply.header(name, value);
  }
  const failed = answer.statusCode >= 400;
  const type = String(answer.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    // A JSON answer is read (capped) for its usage; anything else, streams included, is relayed as it flows.
    let text: Buffer;
    try {
      text = await readCapped(answer.body, deps.maxResponseBytes);
    } catch (error) {
      record(true);
      throw upstreamError(error);
    }
    let usage: unknown;
    try {
      usage = (JSON.parse(text.toString('utf8')) as { usage?: unknown } | null)?.usage;
    } catch {
      /* not JSON after all: relayed as it came */
    }
    record(failed, usage);
    return reply.send(text);
  }
  record(failed);
  return reply.send(answer.body);
}
