import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { type AddressPolicy, guardedLookup, isRefusedLiteral } from './address-guard.js';
import { OutboundFailure } from './outbound-failure.js';

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

/**
 * Refuses a literal IP host that the guard refuses. Such a host never reaches a lookup (node:net connects to it
 * directly), so it is checked where the connection would be made; the error reaches the request as a socket error.
 */
function refusedLiteral(policy: AddressPolicy, host: string | null | undefined, callback?: ConnectCallback): boolean {
  if (!host || !isRefusedLiteral(host, policy)) return false;
  const error = new OutboundFailure('refused', host);
  process.nextTick(() => callback?.(error, undefined as never));
  return true;
}

class GuardedHttpAgent extends http.Agent {
  constructor(private readonly policy: AddressPolicy) {
    super({ keepAlive: true, lookup: guardedLookup(policy) });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback) {
    if (refusedLiteral(this.policy, options.host, callback)) return undefined;
    return super.createConnection(options, callback);
  }
}

class GuardedHttpsAgent extends https.Agent {
  constructor(private readonly policy: AddressPolicy) {
    super({ keepAlive: true, lookup: guardedLookup(policy) });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback) {
    if (refusedLiteral(this.policy, options.host, callback)) return undefined;
    return super.createConnection(options, callback);
  }
}

/**
 * Node's own http and https agents with the address guard, for clients that speak through node:http rather than
 * undici (the S3 SDK's NodeHttpHandler). Host names resolve through guardedLookup and the socket connects to the
 * address it checked, so a DNS answer cannot be switched in between; literal IP hosts are checked at connection.
 * Kept alive, as the SDK's own agents are.
 */
export function createGuardedNodeAgents(policy: AddressPolicy): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  return { httpAgent: new GuardedHttpAgent(policy), httpsAgent: new GuardedHttpsAgent(policy) };
}
