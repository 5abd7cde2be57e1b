import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { type Deployment, FailoverSender, type UpstreamAttempt } from '../src/maas/inference/failover.js';
import type { InferenceMetrics } from '../src/maas/inference/inference-metrics.js';
import { CallCancellation, type UpstreamResponse } from '../src/maas/inference/upstream-call.js';
import { UpstreamStatusError } from '../src/maas/inference/upstream.js';
import type { ReplicaSpec } from '../src/maas/pool/replica-pool.js';
import { RetryBudget } from '../src/maas/pool/retry-budget.js';
import { type PoolSettings, UpstreamPools } from '../src/maas/pool/upstream-pools.js';
import { OutboundFailure } from '../src/net/outbound-failure.js';

const settings: PoolSettings = {
  failuresToEject: 2,
  ejectMs: 60_000,
  maxEjectMs: 60_000,
  maxAttempts: 3,
  retryBudgetPercent: 100,
  retryBackoffMs: 0,
  healthCheckIntervalMs: 0,
  healthCheckTimeoutMs: 1000,
};
const quiet = { info: () => undefined, warn: () => undefined } as unknown as FastifyBaseLogger;

function senderOf() {
  const events: string[] = [];
  const metrics = {
    attempt: (deployment: string, replica: string, outcome: string) =>
      events.push(`${deployment} ${replica} ${outcome}`),
    fallback: (deployment: string) => events.push(`fallback from ${deployment}`),
  } as unknown as InferenceMetrics;
  const pools = new UpstreamPools(settings, () => undefined, quiet);
  return { sender: new FailoverSender(pools, metrics), pools, events };
}

const deployment = (name: string, hosts: string[]): Deployment => ({
  poolId: `model:${name}`,
  name,
  upstreamModel: `${name}-upstream`,
  replicas: hosts.map((host) => ({ baseUrl: `http://${host}/v1`, weight: 1 })),
});

const answer = {} as UpstreamResponse;

/** Upstreams by host: each answers, or throws, as its script says, one entry per attempt. */
function upstreams(script: Record<string, (Error | 'ok')[]>): UpstreamAttempt & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async attempt(replica: ReplicaSpec, upstreamModel: string) {
      const host = new URL(replica.baseUrl).host;
      asked.push(`${host} ${upstreamModel}`);
      const next = script[host]!.shift() ?? 'ok';
      if (next === 'ok') return answer;
      throw next;
    },
  };
}

const unreachable = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('unit: failover', () => {
  it('tries another replica after a connect error or a 5xx, and holds the one that answered until released', async () => {
    const { sender, pools, events } = senderOf();
    const call = upstreams({ a: [unreachable()], b: [new UpstreamStatusError(503, 'busy', undefined)] });
    const sent = await sender.send(deployment('d', ['a', 'b']), undefined, call, new CallCancellation(), quiet);
    assert.equal(sent.answer, answer);
    assert.equal(sent.deployment.name, 'd');
    assert.equal(call.asked.length, 3);
    // Which replica is picked first is random: each failed once, then one answered.
    assert.deepEqual(events.map((e) => e.split(' ')[2]).sort(), ['connect_error', 'ok', 'status_5xx']);
    const held = () => [...pools.outstanding()].reduce((sum, r) => sum + r.calls, 0);
    assert.equal(held(), 1);
    sent.release();
    sent.release();
    assert.equal(held(), 0);
  });

  it('answers a 4xx other than 429 at once: the request is at fault, not the replica', async () => {
    const { sender } = senderOf();
    const bad = () => new UpstreamStatusError(400, 'bad', undefined);
    const call = upstreams({ a: [bad()], b: [bad()] });
    await assert.rejects(
      sender.send(deployment('d', ['a', 'b']), undefined, call, new CallCancellation(), quiet),
      (error: unknown) => error instanceof UpstreamStatusError && error.upstreamStatus === 400,
    );
    assert.equal(call.asked.length, 1);
  });

  it('never tries elsewhere an address the guard refused', async () => {
    const { sender } = senderOf();
    const call = upstreams({
      a: [new OutboundFailure('refused', '10.0.0.1')],
      b: [new OutboundFailure('refused', '10.0.0.2')],
    });
    await assert.rejects(sender.send(deployment('d', ['a', 'b']), undefined, call, new CallCancellation(), quiet));
    assert.equal(call.asked.length, 1);
  });

  it('moves to the fallback deployment, with its model name, when every attempt failed', async () => {
    const { sender, events } = senderOf();
    const call = upstreams({ a: [unreachable(), unreachable(), unreachable()], f: [] });
    const sent = await sender.send(
      deployment('d', ['a']),
      async () => deployment('fb', ['f']),
      call,
      new CallCancellation(),
      quiet,
    );
    assert.equal(sent.deployment.name, 'fb');
    assert.deepEqual(call.asked.slice(-1), ['f fb-upstream']);
    assert.ok(events.includes('fallback from d'));
  });

  it('stops at once when the call is cancelled, and throws the last error when nothing is left', async () => {
    const { sender } = senderOf();
    const cancellation = new CallCancellation();
    const call: UpstreamAttempt = {
      attempt: async () => {
        cancellation.cancel();
        throw unreachable();
      },
    };
    await assert.rejects(
      sender.send(deployment('d', ['a', 'b']), undefined, call, cancellation, quiet),
      /ECONNREFUSED/,
    );
    const none = upstreams({ a: [unreachable(), unreachable(), unreachable()] });
    await assert.rejects(
      sender.send(deployment('d2', ['a']), undefined, none, new CallCancellation(), quiet),
      /ECONNREFUSED/,
    );
  });

  it('ejects a replica after consecutive failures and sends the next calls elsewhere', async () => {
    const { sender } = senderOf();
    const call = upstreams({ a: [unreachable(), unreachable()], b: [] });
    for (let i = 0; i < 4; i++) {
      const sent = await sender.send(deployment('d', ['a', 'b']), undefined, call, new CallCancellation(), quiet);
      sent.release();
    }
    const failed = call.asked.filter((host) => host.startsWith('a ')).length;
    assert.ok(failed <= 2, `the ejected replica was asked again: ${call.asked}`);
  });
});

describe('unit: retry budget', () => {
  it('allows a few retries always, then a share of the calls, over a rolling window', () => {
    // At most one retry always, plus half the calls of the window.
    const budget = new RetryBudget(50, 1, 10_000);
    budget.call(0);
    assert.deepEqual(
      [1, 2, 3].map(() => budget.tryRetry(0)),
      [true, true, false],
    );
    for (let i = 0; i < 4; i++) budget.call(1);
    assert.deepEqual(
      [1, 2, 3].map(() => budget.tryRetry(1)),
      [true, true, false],
    );
    // Two windows later the history is gone.
    assert.equal(budget.tryRetry(25_000), true);
  });
});
