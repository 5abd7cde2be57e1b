import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { didYouMean } from '../../ops/closest-name.js';
import type { AccountDirectory } from '../contract.js';
import { modelFields, parseModelInput, replicaFields } from './model-input.js';
import type { ModelStore } from './model-store.js';

/**
 * Applies the operator's models file at start: `{"models": [ {name, replicas: [...], ...}, ... ]}`, each entry as the
 * operator API takes it. The file wins: its models are created or replaced; models an earlier version of the file
 * declared and this one does not are deleted, or stopped while a custom endpoint still uses them. Models made through
 * the operator API are left alone. A file that does not parse, or has a key no model or replica has, stops the start,
 * naming the entry (and the closest real key). Each model created, replaced, stopped or deleted is logged.
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
  if (!Array.isArray(parsed)) refuseUnknownKeys(file, parsed as object, ['models'], '');
  const applied = (model: string, action: 'created' | 'replaced' | 'stopped' | 'deleted') =>
    log.info({ file, model, action }, `models file: ${action} model ${model}`);
  const declared = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    try {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new ApiError('ModelArts.2115');
      refuseUnknownKeys(file, entry, modelFields, `models[${index}].`);
      const replicas = (entry as { replicas?: unknown }).replicas;
      if (Array.isArray(replicas))
        replicas.forEach((replica, r) => {
          if (replica !== null && typeof replica === 'object')
            refuseUnknownKeys(file, replica as object, replicaFields, `models[${index}].replicas[${r}].`);
        });
      const input = await parseModelInput(entry as Record<string, unknown>, accounts, (name) =>
        log.warn({ model: (entry as { name?: unknown }).name, account: name }, 'models file names an unknown account'),
      );
      if (declared.has(input.name)) throw new Error(`model ${input.name} is declared twice`);
      declared.add(input.name);
      if (await models.findByName(input.name)) {
        await models.replace(input.name, input, 'file');
        applied(input.name, 'replaced');
      } else {
        await models.create(input, 'file');
        applied(input.name, 'created');
      }
    } catch (error) {
      if (error instanceof UnknownKeyError) throw error;
      throw new Error(`the models file ${file}, entry ${index}: ${(error as Error).message}`);
    }
  }
  for (const model of await models.list()) {
    if (model.origin !== 'file' || declared.has(model.name)) continue;
    try {
      await models.delete(model.name);
      applied(model.name, 'deleted');
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ModelArts.3511') throw error;
      await models.replace(model.name, { ...model, status: 'stopped' }, 'file');
      log.warn(
        { file, model: model.name, action: 'stopped' },
        `models file: stopped model ${model.name}, which left the file but an endpoint uses (not deleted)`,
      );
    }
  }
}

class UnknownKeyError extends Error {}

/** Refuses a key of `object` that is not one of `known`, naming its path and the closest known key. */
function refuseUnknownKeys(file: string, object: object, known: readonly string[], at: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      throw new UnknownKeyError(`the models file ${file}, ${at}${key}: unknown key${didYouMean(key, known)}`);
  }
}
