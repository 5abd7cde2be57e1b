import { ResidentWorkerPool } from '../../src/queue/resident-workers.js';

/**
 * A stand-in server for the orphan test: opens a process pool, prints its worker's process id, then waits to be killed
 * (SIGKILL: no close(), no exit handlers) so that the test sees whether the worker ends on its own.
 */
const pool = new ResidentWorkerPool<'pid', number>({
  script: new URL('./resident-test-worker.js', import.meta.url),
  size: 1,
  maxHeapMb: 64,
  kind: 'process',
});
process.stdout.write(`${await pool.run('pid', 10_000)}\n`);
setInterval(() => undefined, 60_000);
