import { serveResident } from '../../src/queue/resident-workers.js';

/**
 * A ResidentWorkerPool worker (a thread or a process) that does what each request asks: answers with how many requests
 * it has served (so a test sees whether the same worker answered) or its process id, spins, fills its heap, throws, or
 * exits.
 */
let served = 0;
// A handle held open, as a library's would be (a timer, a socket): the worker must end because it is told to (closed,
// or its server gone), not because it has nothing left to do.
setInterval(() => undefined, 1 << 30);
await serveResident<'count' | 'pid' | 'spin' | 'allocate' | 'throw' | 'exit', number>(async () => async (ask) => {
  served++;
  if (ask === 'pid') return { output: process.pid };
  if (ask === 'spin') for (;;);
  if (ask === 'allocate') {
    const kept: number[][] = [];
    for (;;) kept.push(new Array(100_000).fill(kept.length));
  }
  if (ask === 'throw') throw new Error('the request failed');
  if (ask === 'exit') process.exit(3);
  return { output: served };
});
