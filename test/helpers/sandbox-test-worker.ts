import { parentPort, workerData } from 'node:worker_threads';

/** A worker that behaves as a test asks it to: answers, spins, fills its heap, throws, or exits without answering. */
const mode = workerData as 'answer' | 'spin' | 'allocate' | 'throw' | 'exit';
if (mode === 'answer') parentPort!.postMessage({ echo: 42 });
if (mode === 'spin') for (;;);
if (mode === 'allocate') {
  const kept: number[][] = [];
  for (;;) kept.push(new Array(100_000).fill(kept.length));
}
if (mode === 'throw') throw new Error('boom');
if (mode === 'exit') process.exit(3);
