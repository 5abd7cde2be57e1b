import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StateChangeLog } from '../src/ops/state-change-log.js';

function recording() {
  const lines: { level: 'warn' | 'info'; fields: Record<string, unknown>; message: string }[] = [];
  const log = {
    warn: (fields: object, message: string) => lines.push({ level: 'warn', fields: { ...fields }, message }),
    info: (fields: object, message: string) => lines.push({ level: 'info', fields: { ...fields }, message }),
  };
  return { log, lines };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

describe('state-change log', () => {
  it('logs a line when a dependency goes down and one when it is back, not one per retry', () => {
    const { log, lines } = recording();
    const state = new StateChangeLog(log, 'redis', 'rate limits counted in memory meanwhile');
    state.succeeded();
    assert.equal(lines.length, 0, 'up from the start: nothing to say');
    for (let i = 0; i < 50; i++) state.failed(refused);
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0], {
      level: 'warn',
      fields: { dependency: 'redis', state: 'down', error: { code: 'ECONNREFUSED', message: refused.message } },
      message: 'redis is down; rate limits counted in memory meanwhile',
    });
    assert.equal(state.isDown(), true);
    state.succeeded();
    state.succeeded();
    assert.equal(lines.length, 2);
    assert.deepEqual(lines[1], {
      level: 'info',
      fields: { dependency: 'redis', state: 'up', failures: 50 },
      message: 'redis is back up',
    });
    // A second outage is told again, with its own count.
    state.failed(new Error('timeout'));
    state.succeeded();
    assert.equal(lines.length, 4);
    assert.equal(lines[3]!.fields.failures, 1);
  });

  it('keeps a state per part, with the fields of each line, and no stack', () => {
    const { log, lines } = recording();
    const state = new StateChangeLog(log, 'upstream replica');
    state.failed(undefined, 'qwen a', { deployment: 'qwen' });
    state.failed(undefined, 'qwen a');
    state.failed(undefined, 'qwen b');
    state.succeeded('qwen a', { deployment: 'qwen' });
    assert.deepEqual(
      lines.map((l) => [l.level, l.fields.part, l.fields.state, l.message]),
      [
        ['warn', 'qwen a', 'down', 'upstream replica qwen a is down'],
        ['warn', 'qwen b', 'down', 'upstream replica qwen b is down'],
        ['info', 'qwen a', 'up', 'upstream replica qwen a is back up'],
      ],
    );
    assert.equal(lines[0]!.fields.deployment, 'qwen');
    assert.equal(lines[2]!.fields.failures, 2);
    assert.equal(state.isDown('qwen b'), true);
    // An AggregateError (each address refused) is told by its first error; nothing carries a stack.
    state.failed(new AggregateError([refused, new Error('other')]), 'qwen c');
    assert.deepEqual(lines.at(-1)!.fields.error, { code: 'ECONNREFUSED', message: refused.message });
    assert.ok(!JSON.stringify(lines).includes('    at '));
  });
});
