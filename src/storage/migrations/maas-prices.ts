import type { Kysely, Migration } from 'kysely';

/**
 * Prices and spend (issue 25): a model's or own service's prices (JSON, null for none), each statistics row's cost
 * in nano-units, and monthly budgets on API keys and projects (in nano-units, null for none).
 */
export const maasPricesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('maas_models').addColumn('prices', 'text').execute();
    await db.schema.alterTable('model_services').addColumn('prices', 'text').execute();
    await db.schema
      .alterTable('maas_call_stats')
      .addColumn('cost_nanos', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('maas_api_keys').addColumn('monthly_budget_nanos', 'bigint').execute();
    await db.schema.alterTable('maas_projects').addColumn('monthly_budget_nanos', 'bigint').execute();
  },
};
