import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The OpenAI Batch API (issue 25): files (their text in the database, which every instance shares), batches, and a
 * row per line that holds the line's result once it ran. The statistics gain `infer_type` in their key (batch lines
 * are counted apart from real-time calls): the table is rebuilt, since neither SQLite nor PostgreSQL changes a
 * primary key in place; existing rows are real-time calls.
 */
export const maasBatchesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('maas_call_stats_by_type')
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('minute', 'bigint', (c) => c.notNull())
      .addColumn('service_type', 'integer', (c) => c.notNull())
      .addColumn('service_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('service_name', 'varchar(128)', (c) => c.notNull())
      .addColumn('api_key_label', 'varchar(128)', (c) => c.notNull())
      .addColumn('source_ip', 'varchar(64)', (c) => c.notNull())
      .addColumn('calls', 'bigint', (c) => c.notNull())
      .addColumn('errors', 'bigint', (c) => c.notNull())
      .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
      .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
      .addColumn('latency_ms', 'bigint', (c) => c.notNull())
      .addColumn('quota_tokens', 'bigint', (c) => c.notNull())
      .addColumn('cost_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('infer_type', 'varchar(16)', (c) => c.notNull().defaultTo('real_time'))
      .addPrimaryKeyConstraint('maas_call_stats_typed_pk', [
        'project_id',
        'minute',
        'service_type',
        'service_id',
        'api_key_label',
        'source_ip',
        'infer_type',
      ])
      .execute();
    const columns = sql.raw(
      'project_id, minute, service_type, service_id, service_name, api_key_label, source_ip, calls, errors, ' +
        'prompt_tokens, completion_tokens, latency_ms, quota_tokens, cost_nanos',
    );
    await sql`INSERT INTO maas_call_stats_by_type (${columns}) SELECT ${columns} FROM maas_call_stats`.execute(db);
    await db.schema.dropTable('maas_call_stats').execute();
    await db.schema.alterTable('maas_call_stats_by_type').renameTo('maas_call_stats').execute();

    await db.schema
      .createTable('maas_files')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('maas_files_project').on('maas_files').columns(['project_id', 'created_at']).execute();

    await db.schema
      .createTable('maas_batches')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('key_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('source_ip', 'varchar(64)', (c) => c.notNull())
      .addColumn('endpoint', 'varchar(64)', (c) => c.notNull())
      .addColumn('input_file_id', 'varchar(64)')
      .addColumn('input_url', 'text')
      .addColumn('completion_window', 'varchar(16)', (c) => c.notNull())
      .addColumn('metadata', 'text')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('completed', 'integer', (c) => c.notNull())
      .addColumn('failed', 'integer', (c) => c.notNull())
      .addColumn('output_file_id', 'varchar(64)')
      .addColumn('error_file_id', 'varchar(64)')
      .addColumn('errors', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('in_progress_at', 'bigint')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('finalizing_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      .addColumn('expired_at', 'bigint')
      .addColumn('cancelling_at', 'bigint')
      .addColumn('cancelled_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('maas_batches_project')
      .on('maas_batches')
      .columns(['project_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('maas_batch_lines')
      .addColumn('batch_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('custom_id', 'varchar(512)', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer', (c) => c.notNull())
      .addColumn('request_id', 'varchar(64)')
      .addColumn('response', 'text')
      .addPrimaryKeyConstraint('maas_batch_lines_pk', ['batch_id', 'line_no'])
      .execute();
  },
};
