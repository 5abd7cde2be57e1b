import { ApiError } from '../../errors/api-error.js';
import { type BatchRow, type BatchStore, finalStatuses } from './batch-store.js';

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(Number(ms) / 1000));

/**
 * A batch as OpenAI answers it (the Batch API and the console's routes alike); while it runs, its counts are read
 * from its lines.
 */
export async function batchView(batches: BatchStore, row: BatchRow) {
  const counts = finalStatuses.includes(row.status)
    ? { completed: Number(row.completed), failed: Number(row.failed) }
    : await batches.counts(row.id);
  return {
    id: row.id,
    object: 'batch' as const,
    endpoint: row.endpoint,
    errors: row.errors === null ? null : (JSON.parse(row.errors) as unknown),
    input_file_id: row.input_file_id,
    ...(row.input_url !== null ? { input_url: row.input_url } : {}),
    completion_window: row.completion_window,
    status: row.status,
    output_file_id: row.output_file_id,
    error_file_id: row.error_file_id,
    created_at: seconds(row.created_at),
    in_progress_at: seconds(row.in_progress_at),
    expires_at: seconds(row.expires_at),
    finalizing_at: seconds(row.finalizing_at),
    completed_at: seconds(row.completed_at),
    failed_at: seconds(row.failed_at),
    expired_at: seconds(row.expired_at),
    cancelling_at: seconds(row.cancelling_at),
    cancelled_at: seconds(row.cancelled_at),
    request_counts: { total: Number(row.total), ...counts },
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as unknown),
  };
}

/**
 * Cancels the project's batch (another project's is ModelArts.81121, as a missing one): no new line starts; a batch
 * already cancelling or cancelled is answered as it is; one that has ended otherwise is ModelArts.81124. `wake` is
 * told so that a batch still waiting in the queue ends now. Answers the batch after the move.
 */
export async function cancelBatch(
  batches: BatchStore,
  projectId: string,
  batchId: string,
  wake: () => void,
): Promise<BatchRow> {
  const batch = await batches.get(projectId, batchId);
  if (batch.status !== 'cancelling' && batch.status !== 'cancelled') {
    const moved = await batches.move(batch.id, ['validating', 'in_progress'], 'cancelling');
    if (!moved) {
      const now = await batches.get(projectId, batch.id);
      if (now.status !== 'cancelling' && now.status !== 'cancelled') {
        throw new ApiError('ModelArts.81124', now.status);
      }
    }
    // A batch waiting in the queue ends when a worker takes it: wake one.
    wake();
  }
  return batches.get(projectId, batch.id);
}
