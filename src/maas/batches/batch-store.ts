import { sql } from 'kysely';
import { ApiError } from '../../errors/api-error.js';
import type { JobQueue } from '../../queue/job-queue.js';
import type { Db } from '../../storage/database.js';
import { newId } from '../../storage/ids.js';
import type { MaasBatchesTable, MaasBatchLinesTable } from '../../storage/schema.js';
import type { BatchLine } from './batch-input.js';
import { FileStore } from './file-store.js';
import { newestFirstPage } from './newest-first.js';

export type BatchRow = MaasBatchesTable;
export type BatchStatus = MaasBatchesTable['status'];
export type LineRow = Pick<MaasBatchLinesTable, 'line_no' | 'custom_id' | 'body'>;

/** Statuses a batch ends in. */
export const finalStatuses: readonly BatchStatus[] = ['completed', 'failed', 'cancelled', 'expired'];

/** Lines inserted per statement (5 columns a line, well under SQLite's bound on variables). */
const linesPerInsert = 500;
/** Lines read per page while assembling the output files. */
const linesPerRead = 2000;

export interface NewBatch {
  projectId: string;
  accountId: string;
  keyId: string;
  sourceIp: string;
  endpoint: string;
  inputFileId: string | null;
  inputUrl: string | null;
  metadata: Record<string, string> | null;
  /** How many lines (checked before: checkBatchInput) and the lines, read as they are stored. */
  total: number;
  lines: Iterable<BatchLine>;
  requestId: string;
}

/** What a line's run produced: its HTTP status, request id and answer body (JSON text). */
export interface LineResult {
  statusCode: number;
  requestId: string;
  response: string;
}

const completionWindowMs = 24 * 3600_000;

/**
 * Batches and their lines. A batch, its lines and its job on the durable queue are created in one transaction; each
 * line's result is written as the line finishes, on the condition that it was not written before, so a line run
 * again after a crash (its result not yet saved) is saved once; the output and error files are assembled at the end,
 * in input order, in the same transaction that ends the batch.
 */
export class BatchStore {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
  ) {}

  async create(batch: NewBatch): Promise<BatchRow> {
    const now = Date.now();
    const row: BatchRow = {
      id: `batch_${newId()}`,
      project_id: batch.projectId,
      account_id: batch.accountId,
      key_id: batch.keyId,
      source_ip: batch.sourceIp,
      endpoint: batch.endpoint,
      input_file_id: batch.inputFileId,
      input_url: batch.inputUrl,
      completion_window: '24h',
      metadata: batch.metadata ? JSON.stringify(batch.metadata) : null,
      status: 'validating',
      total: batch.total,
      completed: 0,
      failed: 0,
      output_file_id: null,
      error_file_id: null,
      errors: null,
      created_at: now,
      in_progress_at: null,
      expires_at: now + completionWindowMs,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('maas_batches').values(row).execute();
      // The lines are parsed a chunk at a time as they are written, never all at once.
      let chunk: MaasBatchLinesTable[] = [];
      let lineNo = 0;
      for (const line of batch.lines) {
        chunk.push({
          batch_id: row.id,
          line_no: lineNo++,
          custom_id: line.customId,
          body: JSON.stringify(line.body),
          status_code: 0,
          request_id: null,
          response: null,
        });
        if (chunk.length === linesPerInsert) {
          await trx.insertInto('maas_batch_lines').values(chunk).execute();
          chunk = [];
        }
      }
      if (chunk.length > 0) await trx.insertInto('maas_batch_lines').values(chunk).execute();
      if (lineNo !== batch.total) throw new Error(`batch ${row.id}: ${lineNo} lines read, ${batch.total} counted`);
      await this.queue.enqueue(
        {
          id: row.id,
          type: 'maas_batch',
          projectId: batch.projectId,
          accountId: batch.accountId,
          userId: batch.keyId,
          requestId: batch.requestId,
          request: { batch_id: row.id },
        },
        trx,
      );
    });
    return row;
  }

  /** A batch of the project; another project's is answered exactly as a missing one (ModelArts.81121). */
  async get(projectId: string, batchId: string): Promise<BatchRow> {
    const row = await this.db
      .selectFrom('maas_batches')
      .selectAll()
      .where('id', '=', batchId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.81121', batchId);
    return row;
  }

  async byId(batchId: string): Promise<BatchRow | undefined> {
    return this.db.selectFrom('maas_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  }

  async statusOf(batchId: string): Promise<BatchStatus | undefined> {
    const row = await this.db.selectFrom('maas_batches').select('status').where('id', '=', batchId).executeTakeFirst();
    return row?.status;
  }

  /** Newest first, `limit` after the batch `after` (OpenAI's cursor paging). */
  async list(projectId: string, paging: { after?: string | undefined; limit: number }) {
    const query = this.db.selectFrom('maas_batches').selectAll().where('project_id', '=', projectId);
    const cursor = paging.after === undefined ? undefined : await this.get(projectId, paging.after);
    return newestFirstPage(query, cursor, paging.limit);
  }

  /** Lines run so far, succeeded (2xx) and failed, counted from the lines while the batch runs. */
  async counts(batchId: string): Promise<{ completed: number; failed: number }> {
    const row = await this.db
      .selectFrom('maas_batch_lines')
      .select([
        sql<number>`sum(case when status_code >= 200 and status_code < 300 then 1 else 0 end)`.as('completed'),
        sql<number>`sum(case when status_code >= 300 or (status_code > 0 and status_code < 200) then 1 else 0 end)`.as(
          'failed',
        ),
      ])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    return { completed: Number(row.completed ?? 0), failed: Number(row.failed ?? 0) };
  }

  /** Moves a batch on from one status to the next, with the status's timestamp; false when it was not in `from`. */
  async move(batchId: string, from: readonly BatchStatus[], to: BatchStatus, extra: Partial<BatchRow> = {}) {
    const stamp = `${to}_at` as keyof BatchRow;
    const result = await this.db
      .updateTable('maas_batches')
      .set({ status: to, ...(stamp in emptyStamps ? { [stamp]: Date.now() } : {}), ...extra })
      .where('id', '=', batchId)
      .where('status', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Lines not yet run, in input order, after line `after`. */
  async pendingLines(batchId: string, after: number, limit: number): Promise<LineRow[]> {
    return this.db
      .selectFrom('maas_batch_lines')
      .select(['line_no', 'custom_id', 'body'])
      .where('batch_id', '=', batchId)
      .where('line_no', '>', after)
      .where('status_code', '=', 0)
      .orderBy('line_no')
      .limit(limit)
      .execute();
  }

  /** Saves a line's result, once: false when it was saved already (the line ran twice around a crash). */
  async saveLine(batchId: string, lineNo: number, result: LineResult): Promise<boolean> {
    const update = await this.db
      .updateTable('maas_batch_lines')
      .set({ status_code: result.statusCode, request_id: result.requestId, response: result.response })
      .where('batch_id', '=', batchId)
      .where('line_no', '=', lineNo)
      .where('status_code', '=', 0)
      .executeTakeFirst();
    return Number(update.numUpdatedRows) === 1;
  }

  /**
   * Ends a batch: its output file (lines answered 2xx) and error file (the others, and with `unrun` the lines that
   * never ran, under that code), in input order, written with the batch's final status and counts in one transaction.
   * A file with no line is not created (its id stays null), as OpenAI does.
   */
  async finish(batch: BatchRow, to: BatchStatus, unrun?: { code: string; message: string }): Promise<void> {
    const output: string[] = [];
    const errors: string[] = [];
    let completed = 0;
    let failed = 0;
    for (let after = -1; ;) {
      const rows = await this.db
        .selectFrom('maas_batch_lines')
        .selectAll()
        .where('batch_id', '=', batch.id)
        .where('line_no', '>', after)
        .orderBy('line_no')
        .limit(linesPerRead)
        .execute();
      if (rows.length === 0) break;
      after = rows.at(-1)!.line_no;
      for (const line of rows) {
        const statusCode = Number(line.status_code);
        if (statusCode === 0) {
          if (unrun) errors.push(outputLine(line.custom_id, null, unrun));
          continue;
        }
        const body = JSON.parse(line.response!) as unknown;
        const response = { status_code: statusCode, request_id: line.request_id ?? '', body };
        if (statusCode >= 200 && statusCode < 300) {
          completed++;
          output.push(outputLine(line.custom_id, response, null));
        } else {
          failed++;
          errors.push(outputLine(line.custom_id, response, errorOf(body, statusCode)));
        }
      }
    }
    const outputFile = output.length > 0 ? fileOf(batch, 'output', output) : undefined;
    const errorFile = errors.length > 0 ? fileOf(batch, 'error', errors) : undefined;
    await this.db.transaction().execute(async (trx) => {
      if (outputFile) await trx.insertInto('maas_files').values(outputFile).execute();
      if (errorFile) await trx.insertInto('maas_files').values(errorFile).execute();
      await trx
        .updateTable('maas_batches')
        .set({
          status: to,
          [`${to}_at`]: Date.now(),
          completed,
          failed,
          output_file_id: outputFile?.id ?? null,
          error_file_id: errorFile?.id ?? null,
        })
        .where('id', '=', batch.id)
        .where('status', 'not in', finalStatuses)
        .execute();
    });
  }

  /** Ends a batch as failed with no files (its job was given up), unless it ended already. */
  async fail(batchId: string, code: string, message: string): Promise<void> {
    await this.move(batchId, ['validating', 'in_progress', 'finalizing', 'cancelling'], 'failed', {
      errors: JSON.stringify({ object: 'list', data: [{ code, message, param: null, line: null }] }),
    });
  }
}

const emptyStamps: Partial<Record<keyof BatchRow, true>> = {
  in_progress_at: true,
  finalizing_at: true,
  completed_at: true,
  failed_at: true,
  expired_at: true,
  cancelling_at: true,
  cancelled_at: true,
};

function fileOf(batch: BatchRow, kind: 'output' | 'error', lines: string[]) {
  return FileStore.newRow(batch.project_id, `${batch.id}_${kind}.jsonl`, 'batch_output', `${lines.join('\n')}\n`);
}

/** One line of an output or error file, OpenAI's shape. */
function outputLine(customId: string, response: unknown, error: { code: string; message: string } | null): string {
  return JSON.stringify({ id: `batch_req_${newId()}`, custom_id: customId, response, error });
}

/** The error of a line answered with an error: the code and message of the answer's OpenAI-shaped `error`. */
function errorOf(body: unknown, statusCode: number): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : String(statusCode),
    message: typeof error?.message === 'string' ? error.message : `HTTP ${statusCode}`,
  };
}
