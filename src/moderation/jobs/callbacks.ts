import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Agent, request } from 'undici';
import type { AddressPolicy } from '../../net/address-guard.js';
import { classifyOutboundError, createGuardedAgent } from '../../net/outbound.js';
import { readHttpUrl } from '../../net/url.js';

/** The receiver must answer within this (the spec's 3 s). */
const answerTimeoutMs = 3000;
/** Waits between attempts: five attempts over about half a minute, then the callback is given up. */
const retryDelaysMs = [1000, 3000, 8000, 15000];

/**
 * `X-Auth-Signature`: HMAC-SHA256 keyed with the job's seed over create_time + job_id + request_id + seed, as they
 * stand in the callback body, in lowercase hex (the encoding the spec leaves open; hex is the cloud's habit).
 */
export function callbackSignature(
  seed: string,
  body: { create_time?: unknown; job_id?: unknown; request_id?: unknown },
) {
  return createHmac('sha256', seed)
    .update(`${String(body.create_time ?? '')}${String(body.job_id ?? '')}${String(body.request_id ?? '')}${seed}`)
    .digest('hex');
}

/**
 * Job callbacks: the job's query body as a JSON POST to the URL given at creation, through the guarded outbound agent
 * (the address guard of downloads). Only an HTTP 200 within 3 s counts; anything else is tried again with backoff,
 * five attempts in all. The outcome is kept on the job as callback_status.
 */
export class CallbackSender {
  private readonly agent: Agent;

  constructor(
    addresses: AddressPolicy,
    private readonly delaysMs: readonly number[] = retryDelaysMs,
  ) {
    this.agent = createGuardedAgent({
      addresses,
      connectTimeoutMs: answerTimeoutMs,
      headersTimeoutMs: answerTimeoutMs,
      bodyTimeoutMs: answerTimeoutMs,
    });
  }

  async send(url: string, body: Record<string, unknown>, seed?: string): Promise<string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (seed) headers['x-auth-signature'] = callbackSignature(seed, body);
    const payload = JSON.stringify(body);
    // Checked at creation (the `callback-url` format of jobs/schemas.ts); parsed here from the stored text rather
    // than handed to undici as a string.
    // Redirects are not followed: a 3xx is an answer other than 200.
    const target = readHttpUrl(url);
    if (!target.ok) return 'failed: invalid URL';
    let last = '';
    for (let attempt = 0; attempt <= this.delaysMs.length; attempt++) {
      if (attempt > 0) await sleep(this.delaysMs[attempt - 1]!);
      try {
        const res = await request(target.url, {
          method: 'POST',
          dispatcher: this.agent,
          headers,
          body: payload,
          signal: AbortSignal.timeout(answerTimeoutMs),
        });
        await res.body.dump();
        if (res.statusCode === 200) return `delivered: ${res.statusCode}`;
        last = `failed: HTTP ${res.statusCode}`;
      } catch (error) {
        // A refused address stays refused: no point in trying again.
        if (classifyOutboundError(error) === 'refused') return 'refused: address not allowed';
        last = `failed: ${(error as { code?: string }).code ?? (error as Error).name}`;
      }
    }
    return last;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
