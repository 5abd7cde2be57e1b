import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { maasApiMigration } from './migrations/maas-api.js';
import { moderationImageLibrariesMigration } from './migrations/moderation-image-libraries.js';
import { maasPricesMigration } from './migrations/maas-prices.js';
import { maasBatchesMigration } from './migrations/maas-batches.js';

/** Migrations live in code (not files on disk) so that the compiled build carries them wherever it runs. */
const migrations: Readonly<Record<string, Migration>> = {
  '0001_identity_and_maas': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('projects')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('projects_account_name', ['account_id', 'name'])
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(512)', (c) => c.notNull())
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_account_name', ['account_id', 'name'])
        .execute();
      await db.schema
        .createTable('access_keys')
        .addColumn('access_key', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('description', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('model_services')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('upstream_url', 'text', (c) => c.notNull())
        .addColumn('upstream_model', 'varchar(255)', (c) => c.notNull())
        .addColumn('mounted_to_maas', 'integer', (c) => c.notNull())
        .addColumn('auth_mode', 'varchar(16)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('model_services_project_name', ['project_id', 'name'])
        .execute();
      // Deleted endpoints stay as rows (status 'deleted') so that the unique constraint keeps their names taken.
      await db.schema
        .createTable('custom_endpoints')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('service_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .addUniqueConstraint('custom_endpoints_project_name', ['project_id', 'name'])
        .execute();
      await db.schema
        .createIndex('custom_endpoints_project_status')
        .on('custom_endpoints')
        .columns(['project_id', 'status'])
        .execute();
    },
  },
  '0002_moderation': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('moderation_glossaries')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('type', 'varchar(8)', (c) => c.notNull())
        .addColumn('words', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('moderation_glossaries_project_name', ['project_id', 'name'])
        .execute();
      await db.schema
        .createTable('moderation_projects')
        .addColumn('project_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('subscribed', 'integer', (c) => c.notNull())
        .addColumn('enabled_services', 'text', (c) => c.notNull())
        .addColumn('monthly_free_calls', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('moderation_usage')
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('service', 'varchar(16)', (c) => c.notNull())
        .addColumn('calls', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('moderation_usage_pk', ['project_id', 'month', 'service'])
        .execute();
    },
  },
  '0003_maas_inference': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('maas_api_keys')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
        .addColumn('endpoints', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createTable('maas_usage')
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('endpoint_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('calls', 'bigint', (c) => c.notNull())
        .addColumn('failed_calls', 'bigint', (c) => c.notNull())
        .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
        .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('maas_usage_pk', ['project_id', 'endpoint_id', 'day'])
        .execute();
    },
  },
  '0004_moderation_jobs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('moderation_jobs')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('type', 'varchar(16)', (c) => c.notNull())
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error_code', 'varchar(32)')
        .addColumn('error_msg', 'text')
        .addColumn('callback_url', 'text')
        .addColumn('callback_status', 'varchar(64)')
        .addColumn('stream_key', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('expires_at', 'bigint')
        .addColumn('lease_until', 'bigint')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('moderation_jobs_status')
        .on('moderation_jobs')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('moderation_jobs_project')
        .on('moderation_jobs')
        .columns(['project_id', 'type', 'status'])
        .execute();
    },
  },
  '0005_endpoint_limits': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('custom_endpoints').addColumn('rate_limit_per_minute', 'integer').execute();
      await db.schema.alterTable('custom_endpoints').addColumn('monthly_token_quota', 'bigint').execute();
    },
  },
  // Databases made by the first version have a table for server keys that nothing ever used.
  '0006_drop_server_keys': {
    async up(db: Kysely<any>) {
      await db.schema.dropTable('server_keys').ifExists().execute();
    },
  },
  // Object storage a project may read, per source: 'operator' rows hold the buckets and prefixes the operator granted
  // on its own store; 'project' rows hold a project's own store and its credentials (secret key sealed).
  '0007_moderation_object_storage': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('moderation_object_storage')
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('buckets', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text')
        .addColumn('region', 'varchar(64)')
        .addColumn('access_key', 'varchar(256)')
        .addColumn('secret_enc', 'text')
        .addColumn('path_style', 'integer')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('moderation_object_storage_pk', ['project_id', 'source'])
        .execute();
    },
  },
  // Token revocation: a user can be disabled, tokens issued before a password change stop working, and single
  // tokens can be revoked until they would have expired anyway.
  '0008_token_revocation': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('users')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable('users')
        .addColumn('tokens_valid_after', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('revoked_tokens')
        .addColumn('token_id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  // Permanent access keys show when they were last used (written in batches, off the request path).
  '0009_access_key_last_use': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('access_keys').addColumn('last_used_at', 'bigint').execute();
    },
  },
  // The Content Moderation API as the cloud's: biz_type policies, the request id a job answers with (its callbacks
  // are signed over it), and category lexicons (a glossary for, say, `politics`).
  '0010_moderation_api': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('moderation_policies')
        .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('moderation_policies_pk', ['project_id', 'name'])
        .execute();
      await db.schema.alterTable('moderation_jobs').addColumn('request_id', 'varchar(64)').execute();
      await db.schema.alterTable('moderation_glossaries').addColumn('category', 'varchar(16)').execute();
    },
  },
  '0011_maas_api': maasApiMigration,
  '0012_moderation_image_libraries': moderationImageLibrariesMigration,
  // The response cache (issue 25): how long an endpoint's or an operator model's answers are kept, 0 for none.
  '0013_maas_response_cache': {
    async up(db: Kysely<any>) {
      for (const table of ['maas_endpoints', 'maas_models']) {
        await db.schema
          .alterTable(table)
          .addColumn('cache_ttl_seconds', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
    },
  },
  '0014_maas_prices': maasPricesMigration,
  '0015_maas_batches': maasBatchesMigration,
  // A library image's hashes of crops of it (space-separated, none for imported hashes and images added before).
  '0016_moderation_library_crop_hashes': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('moderation_library_images')
        .addColumn('crop_hashes', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed)
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
}
