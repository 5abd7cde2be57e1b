import type { Kysely, Migration } from 'kysely';

/**
 * Image libraries (issue 26): named lists of perceptual hashes per project, and the operator's for every project
 * (project_id ''), matched in every image check for their category.
 */
export const moderationImageLibrariesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('moderation_image_libraries')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('category', 'varchar(16)', (c) => c.notNull())
      .addColumn('type', 'varchar(8)', (c) => c.notNull())
      .addColumn('suggestion', 'varchar(8)', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('moderation_image_libraries_project_name', ['project_id', 'name'])
      .execute();
    await db.schema
      .createTable('moderation_library_images')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('library_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('hash', 'varchar(16)', (c) => c.notNull())
      .addColumn('borderless_hash', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('moderation_library_images_library')
      .on('moderation_library_images')
      .columns(['library_id', 'created_at', 'id'])
      .execute();
  },
};
