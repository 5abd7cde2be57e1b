import type { Kysely, Migration } from 'kysely';

/**
 * MaaS as the cloud's API (issue 10): operator model deployments and their replicas, custom endpoints with the
 * documented fields (names reserved per account for good), API keys with labels and allowlists, call statistics per
 * minute, and the operator's free token quota per project. Rows of the first design are carried over.
 */
export const maasApiMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('model_services')
      .addColumn('workspace_id', 'varchar(64)', (c) => c.notNull().defaultTo('0'))
      .execute();
    await db.schema
      .alterTable('model_services')
      .addColumn('replica_urls', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();

    await db.schema
      .createTable('maas_models')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
      .addColumn('upstream_model', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('open_to_all', 'integer', (c) => c.notNull())
      .addColumn('accounts', 'text', (c) => c.notNull())
      .addColumn('rpm_limit', 'bigint')
      .addColumn('tpm_limit', 'bigint')
      .addColumn('moderation', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('origin', 'varchar(8)', (c) => c.notNull())
      .addColumn('fallback_model', 'varchar(128)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('maas_replicas')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('weight', 'integer', (c) => c.notNull())
      .addColumn('api_key_enc', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('headers_timeout_ms', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('maas_replicas_model').on('maas_replicas').column('model_id').execute();

    await db.schema
      .createTable('maas_endpoints')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('source', 'varchar(32)', (c) => c.notNull())
      .addColumn('model_id', 'varchar(64)')
      .addColumn('service_id', 'varchar(64)')
      .addColumn('region', 'varchar(64)', (c) => c.notNull())
      .addColumn('workspace_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('remark', 'text', (c) => c.notNull())
      .addColumn('rpm', 'bigint')
      .addColumn('tpm', 'bigint')
      .addColumn('moderation', 'integer', (c) => c.notNull())
      .addColumn('agreement_id', 'varchar(64)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('maas_endpoints_project_name')
      .on('maas_endpoints')
      .columns(['project_id', 'name'])
      .execute();
    await db.schema.createIndex('maas_endpoints_account').on('maas_endpoints').column('account_id').execute();
    // One row per name an account ever gave an endpoint: the primary key keeps names unique for good.
    await db.schema
      .createTable('maas_endpoint_names')
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('maas_endpoint_names_pk', ['account_id', 'name'])
      .execute();

    await db.schema
      .createTable('maas_projects')
      .addColumn('project_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('monthly_free_tokens', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('maas_call_stats')
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
      .addPrimaryKeyConstraint('maas_call_stats_pk', [
        'project_id',
        'minute',
        'service_type',
        'service_id',
        'api_key_label',
        'source_ip',
      ])
      .execute();

    await carryOverEndpoints(db);
    await carryOverApiKeys(db);
    await db.schema.dropTable('maas_usage').execute();
    await db.schema.dropTable('custom_endpoints').execute();
    await splitApiKeyPermission(db);
  },
};

interface OldEndpoint {
  id: string;
  project_id: string;
  name: string;
  service_id: string;
  description: string;
  status: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  rate_limit_per_minute: number | null;
}

async function accountOfProject(db: Kysely<any>): Promise<Map<string, string>> {
  const projects = (await db.selectFrom('projects').select(['id', 'account_id']).execute()) as {
    id: string;
    account_id: string;
  }[];
  return new Map(projects.map((p) => [p.id, p.account_id]));
}

/** Endpoints of the first design were in front of tenants' services; their usage per day becomes statistics. */
async function carryOverEndpoints(db: Kysely<any>): Promise<void> {
  const accounts = await accountOfProject(db);
  const endpoints = (await db.selectFrom('custom_endpoints').selectAll().execute()) as OldEndpoint[];
  for (const e of endpoints) {
    const accountId = accounts.get(e.project_id);
    if (!accountId) continue;
    await db
      .insertInto('maas_endpoints')
      .values({
        id: e.id,
        account_id: accountId,
        project_id: e.project_id,
        name: e.name,
        source: 'custom_from_modelarts_v2',
        model_id: null,
        service_id: e.service_id,
        region: '',
        workspace_id: '0',
        remark: e.description,
        rpm: e.rate_limit_per_minute,
        tpm: null,
        moderation: 1,
        agreement_id: null,
        status: e.status === 'running' ? 'running' : 'deleted',
        created_at: e.created_at,
        updated_at: e.updated_at,
        deleted_at: e.deleted_at,
      })
      .execute();
    await db
      .insertInto('maas_endpoint_names')
      .values({ account_id: accountId, name: e.name, created_at: e.created_at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const names = new Map(endpoints.map((e) => [e.id, e.name]));
  const usage = (await db.selectFrom('maas_usage').selectAll().execute()) as {
    project_id: string;
    endpoint_id: string;
    day: string;
    calls: number;
    failed_calls: number;
    prompt_tokens: number;
    completion_tokens: number;
  }[];
  for (const u of usage) {
    await db
      .insertInto('maas_call_stats')
      .values({
        project_id: u.project_id,
        minute: Date.parse(`${u.day}T00:00:00Z`),
        service_type: 3,
        service_id: u.endpoint_id,
        service_name: names.get(u.endpoint_id) ?? u.endpoint_id,
        api_key_label: '',
        source_ip: '',
        calls: u.calls,
        errors: u.failed_calls,
        prompt_tokens: u.prompt_tokens,
        completion_tokens: u.completion_tokens,
        latency_ms: 0,
        quota_tokens: 0,
      })
      .execute();
  }
}

/** Keys of the first design had a name and a list of endpoint names; they become labels and endpoint id lists. */
async function carryOverApiKeys(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('maas_api_keys_v2')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('label', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)', (c) => c.notNull())
    .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('key_masked', 'varchar(64)', (c) => c.notNull())
    .addColumn('allow_all', 'integer', (c) => c.notNull())
    .addColumn('ip_whitelist', 'text', (c) => c.notNull())
    .addColumn('model_whitelist', 'text', (c) => c.notNull())
    .addColumn('endpoint_whitelist', 'text', (c) => c.notNull())
    .addColumn('rpm', 'bigint')
    .addColumn('tpm', 'bigint')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  const endpoints = (await db.selectFrom('maas_endpoints').select(['id', 'project_id', 'name']).execute()) as {
    id: string;
    project_id: string;
    name: string;
  }[];
  const keys = (await db.selectFrom('maas_api_keys').selectAll().orderBy('created_at').execute()) as {
    id: string;
    project_id: string;
    account_id: string;
    name: string;
    key_hash: string;
    key_prefix: string;
    endpoints: string;
    status: string;
    created_at: number;
    revoked_at: number | null;
  }[];
  const labels = new Set<string>();
  for (const k of keys) {
    let label = k.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 90);
    for (let n = 2; labels.has(`${k.account_id}/${label}`); n++) label = `${label.slice(0, 90)}-${n}`;
    labels.add(`${k.account_id}/${label}`);
    const endpointIds = (JSON.parse(k.endpoints) as string[])
      .map((name) => endpoints.find((e) => e.project_id === k.project_id && e.name === name)?.id)
      .filter((id): id is string => id !== undefined);
    await db
      .insertInto('maas_api_keys_v2')
      .values({
        id: k.id,
        project_id: k.project_id,
        account_id: k.account_id,
        label,
        description: '',
        key_hash: k.key_hash,
        key_masked: `${k.key_prefix}****`,
        allow_all: 1,
        ip_whitelist: '[]',
        model_whitelist: '[]',
        endpoint_whitelist: JSON.stringify(endpointIds),
        status: k.status === 'active' ? 'active' : 'deleted',
        created_at: k.created_at,
        updated_at: k.revoked_at ?? k.created_at,
        deleted_at: k.revoked_at,
      })
      .execute();
  }
  await db.schema.dropTable('maas_api_keys').execute();
  await db.schema.alterTable('maas_api_keys_v2').renameTo('maas_api_keys').execute();
  await db.schema.createIndex('maas_api_keys_account').on('maas_api_keys').columns(['account_id', 'label']).execute();
}

/** The one API-key permission of the first design becomes the cloud's three (create and update, list, delete). */
async function splitApiKeyPermission(db: Kysely<any>): Promise<void> {
  const users = (await db.selectFrom('users').select(['id', 'permissions']).execute()) as {
    id: string;
    permissions: string;
  }[];
  for (const user of users) {
    const permissions = JSON.parse(user.permissions) as string[];
    if (!permissions.includes('modelarts:apiKey:manage')) continue;
    const next = permissions.flatMap((p) =>
      p === 'modelarts:apiKey:manage'
        ? ['modelarts:apiKey:create', 'modelarts:apiKey:list', 'modelarts:apiKey:delete']
        : [p],
    );
    await db
      .updateTable('users')
      .set({ permissions: JSON.stringify(next) })
      .where('id', '=', user.id)
      .execute();
  }
}
