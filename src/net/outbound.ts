import net from 'node:net';
import { Agent, buildConnector, errors as undiciErrors } from 'undici';
import { type AddressPolicy, bareHost, guardedLookup, isRefusedLiteral } from './address-guard.js';
import { OutboundFailure, type OutboundReason } from './outbound-failure.js';

export interface OutboundOptions {
  /** Which addresses may be connected to (public only, unless the operator allows more: no SSRF). */
  addresses: AddressPolicy;
  connectTimeoutMs: number;
  /** Time to the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence inside a response body. */
  bodyTimeoutMs?: number;
}

/**
 * The one factory of outbound HTTP agents: every download, callback and upstream call goes through an agent made
 * here. Host names resolve through the address guard and the connection is made to the address it checked, so a DNS
 * answer cannot be switched in between; literal IP hosts never reach a lookup, so the connector checks them itself.
 */
export function createGuardedAgent(options: OutboundOptions): Agent {
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardedLookup(options.addresses) });
  const guardedConnect: buildConnector.connector = (target, callback) => {
    if (isRefusedLiteral(target.hostname, options.addresses)) {
      callback(new OutboundFailure('refused', target.hostname), null);
      return;
    }
    connect(target, callback);
  };
  return new Agent({
    connect: guardedConnect,
    ...(options.headersTimeoutMs !== undefined ? { headersTimeout: options.headersTimeoutMs } : {}),
    ...(options.bodyTimeoutMs !== undefined ? { bodyTimeout: options.bodyTimeoutMs } : {}),
  });
}

/**
 * A plain TCP connection through the same guard, for protocols that are not HTTP (the RTMP relay): the host name
 * resolves through guardedLookup and the socket connects to the address it checked; a refused literal never connects.
 */
export function connectGuarded(
  addresses: AddressPolicy,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (isRefusedLiteral(host, addresses)) return reject(new OutboundFailure('refused', host));
    const socket = net.connect({ host: bareHost(host), port, lookup: guardedLookup(addresses) });
    const timer = setTimeout(() => socket.destroy(new ConnectTimeoutError()), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

class ConnectTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Any error of an outbound call as an OutboundFailure: one thrown here as it is (a refused address, a size cap), also
 * where undici or node:net wrapped it as a cause; undici's and node's timeouts as 'timeout'; anything else as
 * 'unreachable', with the system's code (ECONNREFUSED...) as its detail.
 */
export function outboundFailureOf(error: unknown): OutboundFailure {
  if (error instanceof OutboundFailure) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof OutboundFailure) return cause;
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    (error as { name?: string } | null)?.name === 'TimeoutError'
  ) {
    return new OutboundFailure('timeout');
  }
  const code = (error as { code?: string } | null)?.code ?? (cause as { code?: string } | null)?.code;
  return new OutboundFailure('unreachable', code);
}

/** Why an outbound call failed (outboundFailureOf's reason), for callers that only branch on it. */
export function classifyOutboundError(error: unknown): OutboundReason {
  return outboundFailureOf(error).reason;
}

/** A response body larger than the caller's cap (an OutboundFailure 'tooLarge' that keeps the cap). */
export class TooLargeError extends OutboundFailure {
  constructor(readonly maxBytes: number) {
    super('tooLarge', `larger than ${maxBytes} bytes`);
  }
}

type Body = AsyncIterable<unknown> & { on(event: 'error', listener: () => void): unknown; destroy(): unknown };

/** Reads a whole response body, stopping (and dropping the connection) as soon as it passes `maxBytes`. */
export async function readCapped(body: Body, maxBytes: number): Promise<Buffer> {
  // Leaving the loop early aborts the body, which reports it as an error event that nobody else listens for.
  body.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new TooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
