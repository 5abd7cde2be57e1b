import { type Agent, request } from 'undici';
import type { AddressPolicy } from '../../net/address-guard.js';
import { classifyOutboundError, createGuardedAgent } from '../../net/outbound.js';

/**
 * Job callbacks: a JSON POST to the URL given at creation, through the guarded outbound agent (the same address guard
 * as downloads). Three attempts (1 s, then 2 s apart), 5 s each; the outcome is kept on the job as callback_status.
 */
export class CallbackSender {
  private readonly agent: Agent;

  constructor(addresses: AddressPolicy) {
    this.agent = createGuardedAgent({
      addresses,
      connectTimeoutMs: 5000,
      headersTimeoutMs: 5000,
      bodyTimeoutMs: 5000,
    });
  }

  async send(url: string, payload: unknown): Promise<string> {
    let last = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1000 * attempt));
      try {
        const res = await request(url, {
          method: 'POST',
          dispatcher: this.agent,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) return `delivered: ${res.statusCode}`;
        last = `failed: HTTP ${res.statusCode}`;
      } catch (error) {
        // A refused address stays refused: no point in trying again.
        if (classifyOutboundError(error) === 'refused') return 'refused: address not allowed';
        last = `failed: ${(error as { code?: string }).code ?? (error as Error).message}`;
      }
    }
    return last;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
