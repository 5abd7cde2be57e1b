import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemorySpendLedger, monthOf, monthStart } from '../src/maas/budgets/spend-ledger.js';

const december = Date.UTC(2026, 11, 7);
const january = Date.UTC(2027, 0, 1);

describe('spend ledger (memory)', () => {
  it('reserves only what fits, and settles to the real cost', async () => {
    const ledger = new MemorySpendLedger();
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    assert.equal(await ledger.reserve('key:a', 10, 4, december), false);
    assert.equal(await ledger.spent('key:a', december), 8);
    // The first call cost 1, not the 4 it reserved: 3 come back, and the next reservation fits.
    await ledger.settle('key:a', -3, december);
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    assert.equal(await ledger.spent('key:a', december), 9);
    assert.equal(await ledger.spent('key:b', december), 0);
  });

  it('starts each calendar month (UTC) at 0', async () => {
    const ledger = new MemorySpendLedger();
    await ledger.reserve('project:p', 5, 5, december);
    assert.equal(await ledger.reserve('project:p', 5, 1, december), false);
    assert.equal(await ledger.reserve('project:p', 5, 1, january), true);
    // A call that started in December and ends in January settles December's spend, not January's.
    await ledger.settle('project:p', -5, december);
    assert.equal(await ledger.spent('project:p', december), 0);
    assert.equal(await ledger.spent('project:p', january), 1);
    assert.equal(monthOf(january - 1), '2026-12');
    assert.equal(monthOf(january), '2027-01');
  });

  it('starts a counter from its seed once, read once for concurrent first calls, never over a counter it has', async () => {
    const ledger = new MemorySpendLedger();
    const reads: number[] = [];
    const seed = async (since: number) => {
      reads.push(since);
      await new Promise((resolve) => setImmediate(resolve));
      return 6;
    };
    // Three calls arrive before the seed is read: one read, and only one of them fits what is left (10 - 6).
    const results = await Promise.all([1, 2, 3].map(() => ledger.reserve('key:s', 10, 4, december, seed)));
    assert.deepEqual(results.sort(), [false, false, true]);
    assert.deepEqual(reads, [Date.UTC(2026, 11, 1)]);
    assert.equal(await ledger.spent('key:s', december, seed), 10);
    assert.equal(reads.length, 1, 'a counter that exists is not seeded again');
    // The next month starts from its own seed; reading spend seeds too.
    assert.equal(await ledger.spent('key:s', january, async () => 2), 2);
    assert.equal(monthStart(january + 86_400_000 * 3 + 5), january);
  });

  it('fails the call when its seed cannot be read, and reads it again next time', async () => {
    const ledger = new MemorySpendLedger();
    await assert.rejects(
      ledger.reserve('key:f', 10, 1, december, () => Promise.reject(new Error('database down'))),
      /database down/,
    );
    assert.equal(await ledger.reserve('key:f', 10, 1, december, async () => 9), true);
    assert.equal(await ledger.spent('key:f', december), 10);
  });
});
