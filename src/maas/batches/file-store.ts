import { ApiError } from '../../errors/api-error.js';
import type { Db } from '../../storage/database.js';
import { newId } from '../../storage/ids.js';
import type { MaasFilesTable } from '../../storage/schema.js';
import { newestFirstPage } from './newest-first.js';

export type FileRow = Omit<MaasFilesTable, 'content'>;

/** A file as OpenAI's Files API answers it. */
export function fileView(row: FileRow) {
  return {
    id: row.id,
    object: 'file' as const,
    bytes: Number(row.bytes),
    created_at: Math.floor(Number(row.created_at) / 1000),
    filename: row.filename,
    purpose: row.purpose,
    status: 'processed' as const,
    status_details: null,
  };
}

const listed = ['id', 'project_id', 'filename', 'purpose', 'bytes', 'created_at'] as const;

/**
 * Files of the OpenAI Files API, per project: batch inputs uploaded by clients, and the output and error files of
 * batches. Their text is kept in the database rather than the data folder: instances sharing a PostgreSQL database
 * then all read every file (a batch created on one instance runs on another), and one backup holds everything.
 * Another project's file is answered exactly as a missing one (ModelArts.81120).
 */
export class FileStore {
  constructor(private readonly db: Db) {}

  static newRow(projectId: string, filename: string, purpose: string, content: string): MaasFilesTable {
    return {
      id: `file-${newId()}`,
      project_id: projectId,
      filename,
      purpose,
      bytes: Buffer.byteLength(content),
      content,
      created_at: Date.now(),
    };
  }

  async create(projectId: string, filename: string, purpose: string, content: string): Promise<FileRow> {
    const row = FileStore.newRow(projectId, filename, purpose, content);
    await this.db.insertInto('maas_files').values(row).execute();
    const { content: _, ...meta } = row;
    return meta;
  }

  async get(projectId: string, fileId: string): Promise<FileRow> {
    const row = await this.db
      .selectFrom('maas_files')
      .select(listed)
      .where('id', '=', fileId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.81120', fileId);
    return row;
  }

  async content(projectId: string, fileId: string): Promise<string> {
    const row = await this.db
      .selectFrom('maas_files')
      .select('content')
      .where('id', '=', fileId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.81120', fileId);
    return row.content;
  }

  async delete(projectId: string, fileId: string): Promise<void> {
    const result = await this.db
      .deleteFrom('maas_files')
      .where('id', '=', fileId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new ApiError('ModelArts.81120', fileId);
  }

  /** Newest first, `limit` after the file `after` (OpenAI's cursor paging). */
  async list(projectId: string, paging: { after?: string | undefined; limit: number; purpose?: string | undefined }) {
    let query = this.db.selectFrom('maas_files').select(listed).where('project_id', '=', projectId);
    if (paging.purpose !== undefined) query = query.where('purpose', '=', paging.purpose);
    const cursor = paging.after === undefined ? undefined : await this.get(projectId, paging.after);
    return newestFirstPage(query, cursor, paging.limit);
  }
}
