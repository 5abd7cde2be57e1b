import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { familyError } from '../errors/families.js';

/**
 * Bodies arrive as bytes: AK/SK signatures cover the exact bytes, and a body that does not parse must answer each
 * family's own code, which a framework parser cannot know. GET bodies are read too (Fastify skips them by default):
 * the cloud's SDKs send and sign `{}` on some GET requests (IAM's project-id and domain-id discovery), and a
 * signature over bytes the gateway never read could not be checked.
 */
export function keepRawBodies(app: FastifyInstance): void {
  app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

/** The service's own body limit, below the gateway's (e.g. AIS.0020 for moderation). */
export function checkServiceBodyLimit(request: FastifyRequest): void {
  const limit = request.gatewayConfig.serviceBodyLimit;
  if (limit !== undefined && (request.rawBody?.length ?? 0) > limit)
    throw familyError(request.family, 'serviceBodyTooLarge');
}

export function requireContentType(request: FastifyRequest): void {
  if (request.gatewayConfig.requireContentType && !request.headers['content-type']) {
    throw familyError(request.family, 'missingContentType');
  }
}

/** Deeper bodies are refused as malformed: no API here nests that far, and deep nesting costs every walker. */
const maxJsonDepth = 100;

/** The nesting depth of a parsed JSON value, walked without recursion (so a deep body cannot blow the stack). */
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > maxJsonDepth) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Parses a JSON route's body into an object, with the family's codes for what is not JSON or not an object. */
export function parseJsonBody(request: FastifyRequest): void {
  if (!request.gatewayConfig.json) return;
  const raw = request.rawBody;
  let parsed: unknown;
  try {
    // secure-json-parse drops __proto__ and constructor.prototype keys, so a body cannot reach object prototypes.
    parsed = secureJson.parse(raw && raw.length > 0 ? raw.toString('utf8') : '', undefined, {
      protoAction: 'remove',
      constructorAction: 'remove',
    });
  } catch {
    throw familyError(request.family, 'badJson');
  }
  if (jsonDepth(parsed) > maxJsonDepth) throw familyError(request.family, 'badJson');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw familyError(request.family, 'notJsonObject');
  }
  request.body = parsed;
}
