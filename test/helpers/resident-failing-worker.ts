import { serveResident } from '../../src/queue/resident-workers.js';

/** A ResidentWorkerPool worker whose load fails, as a native module missing on the platform would. */
await serveResident<unknown, unknown>(async () => {
  throw new Error('the model could not be loaded');
});
