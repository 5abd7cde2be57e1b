import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import type { AccountDirectory } from '../contract.js';
import { parseModelInput } from './model-input.js';
import type { ModelStore } from './model-store.js';

/**
 * Applies the operator's models file at start: `{"models": [ {name, replicas: [...], ...}, ... ]}`, each entry as the
 * operator API takes it. The file wins: its models are created or replaced; models an earlier version of the file
 * declared and this one does not are deleted, or stopped while a custom endpoint still uses them. Models made through
 * the operator API are left alone. A file that does not parse stops the start, naming the entry.
 */
export async function applyModelsFile(
  file: string,
  models: ModelStore,
  accounts: AccountDirectory,
  log: FastifyBaseLogger,
): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the models file ${file}: ${(error as Error).message}`);
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { models?: unknown } | null)?.models;
  if (!Array.isArray(entries)) throw new Error(`the models file ${file} must hold {"models": [...]}`);
  const declared = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    try {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new ApiError('ModelArts.2115');
      const input = await parseModelInput(entry as Record<string, unknown>, accounts, (name) =>
        log.warn({ model: (entry as { name?: unknown }).name, account: name }, 'models file names an unknown account'),
      );
      if (declared.has(input.name)) throw new Error(`model ${input.name} is declared twice`);
      declared.add(input.name);
      if (await models.findByName(input.name)) await models.replace(input.name, input, 'file');
      else await models.create(input, 'file');
    } catch (error) {
      throw new Error(`the models file ${file}, entry ${index}: ${(error as Error).message}`);
    }
  }
  for (const model of await models.list()) {
    if (model.origin !== 'file' || declared.has(model.name)) continue;
    try {
      await models.delete(model.name);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ModelArts.3511') throw error;
      await models.replace(model.name, { ...model, status: 'stopped' }, 'file');
      log.warn({ model: model.name }, 'model left the models file but an endpoint uses it: stopped, not deleted');
    }
  }
}
