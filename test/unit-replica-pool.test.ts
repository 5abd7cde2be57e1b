import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplicaPool } from '../src/maas/pool/replica-pool.js';

const breaker = { failuresToEject: 2, ejectMs: 1000, maxEjectMs: 4000 };
const pool = (weights: number[]) => {
  const changes: string[] = [];
  const p = new ReplicaPool('m', breaker, (_pool, replica) => changes.push(`${replica.label} ${replica.state}`));
  p.sync(weights.map((weight, i) => ({ baseUrl: `http://10.0.0.${i + 1}:8000/v1`, weight })));
  return { p, changes };
};

describe('unit: replica pool, spread and circuit breaker', () => {
  it('follows the weights at rest and shifts away from a replica holding calls', () => {
    const { p } = pool([3, 1]);
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) counts[p.replicas.indexOf(p.pick(new Set(), 0, Math.random)!)]!++;
    assert.ok(counts[0]! > 2800 && counts[0]! < 3200, `3:1 at rest: ${counts}`);
    // Five calls in flight on the heavy replica: 3/6 against 1/1, so the light one now gets two thirds.
    p.replicas[0]!.outstanding = 5;
    counts.fill(0);
    for (let i = 0; i < 3000; i++) counts[p.replicas.indexOf(p.pick(new Set(), 0, Math.random)!)]!++;
    assert.ok(counts[1]! > 1800 && counts[1]! < 2200, `under load: ${counts}`);
  });

  it('ejects after consecutive failures, lets one probe through when the time is up, and doubles on a failed probe', () => {
    const { p, changes } = pool([1, 1]);
    const [a, b] = p.replicas as [NonNullable<(typeof p.replicas)[0]>, NonNullable<(typeof p.replicas)[0]>];
    a.failed(0);
    assert.equal(a.state, 'closed');
    a.failed(0);
    assert.equal(a.state, 'open');
    assert.equal(p.pick(new Set(), 500), b, 'an ejected replica gets no calls');
    assert.equal(a.available(1000), true, 'time up: a probe may go');
    a.begin(1000);
    assert.equal(a.state, 'half-open');
    assert.equal(a.available(1000), false, 'one probe at a time');
    a.end();
    a.failed(1000);
    assert.equal(a.state, 'open');
    assert.equal(a.available(2999), false, 'the second ejection lasts twice as long');
    assert.equal(a.available(3000), true);
    a.begin(3000);
    a.end();
    a.succeeded();
    assert.equal(a.state, 'closed');
    assert.deepEqual(changes, [
      '10.0.0.1:8000 open',
      '10.0.0.1:8000 half-open',
      '10.0.0.1:8000 open',
      '10.0.0.1:8000 half-open',
      '10.0.0.1:8000 closed',
    ]);
  });

  it('frees a probe whose client left, and tries every replica when all are out', () => {
    const { p } = pool([1, 1]);
    for (const replica of p.replicas) {
      replica.failed(0);
      replica.failed(0);
    }
    assert.ok(p.pick(new Set(), 10), 'panic routing: all out, all tried');
    const [a] = p.replicas as [NonNullable<(typeof p.replicas)[0]>];
    a.begin(1000);
    assert.equal(a.state, 'half-open');
    a.end();
    a.abandoned(1000);
    assert.equal(a.available(1000), true, 'the next call may probe');
  });

  it('keeps the live state of replicas that stay when the list changes', () => {
    const { p } = pool([1, 1]);
    const kept = p.replicas[1]!;
    kept.outstanding = 2;
    p.sync([
      { baseUrl: 'http://10.0.0.2:8000/v1', weight: 5 },
      { baseUrl: 'http://10.0.0.9:8000/v1', weight: 1 },
    ]);
    assert.equal(p.replicas[0], kept);
    assert.equal(kept.spec.weight, 5);
    assert.equal(kept.outstanding, 2);
    assert.equal(p.replicas.length, 2);
  });
});
