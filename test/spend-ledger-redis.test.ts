import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisSpendLedger } from '../src/maas/budgets/spend-ledger.js';

const redisUrl = process.env.AISP_TEST_REDIS_URL;
const december = Date.UTC(2026, 11, 7);

/** How many times Redis ran a command (INFO commandstats), e.g. `evalsha`. */
async function commandCalls(redis: Redis, command: string): Promise<number> {
  const info = await redis.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

describe('spend ledger (Redis)', { skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run (CI does)' }, () => {
  let redis: Redis;
  let prefix: string;
  before(() => {
    redis = new Redis(redisUrl!, { lazyConnect: false, maxRetriesPerRequest: 1 });
    prefix = `aisp:test:spend:${randomUUID()}`;
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('reserves and settles as the memory ledger does, with EVALSHA once Redis has the script', async () => {
    const ledger = new RedisSpendLedger(redis, prefix);
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    // Redis forgets its scripts (a restart, SCRIPT FLUSH): the next call sends the script again.
    await redis.script('FLUSH');
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    const evalshaBefore = await commandCalls(redis, 'evalsha');
    assert.equal(await ledger.reserve('key:a', 10, 4, december), false);
    assert.ok((await commandCalls(redis, 'evalsha')) > evalshaBefore, 'the script is called by its hash');
    assert.equal(await ledger.spent('key:a', december), 8);
    await ledger.settle('key:a', -3, december);
    assert.equal(await ledger.reserve('key:a', 10, 4, december), true);
    assert.equal(await ledger.spent('key:a', december), 9);
  });

  it('seeds an absent counter once (SET NX), never over spend Redis holds', async () => {
    const ledger = new RedisSpendLedger(redis, prefix);
    const other = new RedisSpendLedger(redis, prefix);
    let reads = 0;
    const seed = async () => {
      reads++;
      return 6;
    };
    // Two instances' first calls at once: the counter starts at 6 once, and only one 4 fits under 10.
    const results = await Promise.all([
      ledger.reserve('key:s', 10, 4, december, seed),
      other.reserve('key:s', 10, 4, december, seed),
      ledger.reserve('key:s', 10, 4, december, seed),
    ]);
    assert.deepEqual(results.sort(), [false, false, true]);
    assert.equal(await ledger.spent('key:s', december, seed), 10);
    const readsSoFar = reads;
    // A counter Redis holds is never seeded again (a restarted instance finds it).
    const restarted = new RedisSpendLedger(redis, prefix);
    assert.equal(await restarted.reserve('key:s', 20, 1, december, seed), true);
    assert.equal(reads, readsSoFar);
    assert.equal(await restarted.spent('key:s', december), 11);
    // A counter Redis lost is seeded again when next used; a settle onto it meanwhile is left out (the seed counts it).
    await redis.del(`${prefix}:2026-12:key:s`);
    await ledger.settle('key:s', -1, december);
    assert.equal(await redis.exists(`${prefix}:2026-12:key:s`), 0);
    assert.equal(await ledger.reserve('key:s', 10, 4, december, seed), true);
    assert.equal(await ledger.spent('key:s', december), 10);
  });
});
