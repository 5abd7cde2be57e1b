import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemorySpendLedger, monthOf } from '../src/maas/budgets/spend-ledger.js';

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
});
