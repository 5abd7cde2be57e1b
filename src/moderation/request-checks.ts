import { type Static, type TObject, Type } from '@sinclair/typebox';
import { aisAnswer, aisRuleAnswer, iamAnswer } from '../errors/schema-answers.js';
import { compileBodyCheck } from '../errors/schema-check.js';
import type { Policy } from './policies.js';
import * as schemas from './schemas.js';
import { eventTypes, requestCategories } from './api-contract.js';

/**
 * The compiled checks of the synchronous operations' route schemas. They run inside the handlers, not in a hook:
 * the cloud checks the permission, the subscription and free calls, and a `biz_type` policy before any field, and
 * the image itself only after the glossaries the fields name.
 */
const answer = aisAnswer({ enumCodes: { '/event_type': 'AIS.0005' }, typeCodes: { '/url': 'AIS.0022' } });

/** A schema's check with and without a `biz_type` policy (see `schemas.withPolicy`), compiled once. */
function byPolicy<T extends TObject>(schema: T, eventTypeValues: readonly string[]) {
  const plain = compileBodyCheck(schema, answer);
  const policy = compileBodyCheck(schemas.withPolicy(schema, eventTypeValues), answer);
  // With a policy the categories are not read, so the one static type serves both.
  return (body: unknown, withPolicy: Policy | undefined): Static<T> =>
    withPolicy ? (policy(body) as Static<T>) : plain(body);
}

export const checkTextRequest = byPolicy(schemas.TextRequest, eventTypes.text);
export const checkImageFields = byPolicy(schemas.ImageFields, eventTypes.image);
export const checkImageSource = compileBodyCheck(schemas.ImageSource, answer);
export const checkBatchUrls = compileBodyCheck(schemas.BatchUrls, answer);

const wordLength = 'each word must be 1 to 64 characters';
const glossaryRules = {
  '/name': 'name must be 1 to 64 letters, digits, ".", "_" or "-"',
  '/type': 'type must be black or white',
  '/description': 'description must be a string of at most 255 characters',
  '/category': `category must be one of ${requestCategories.text.join(', ')}`,
  '/words': 'words must be an array of strings',
  // A word that is not a string counts as an empty one.
  '/words/*': wordLength,
};

const glossaryAnswer = aisRuleAnswer('AIS.0604', glossaryRules);

/**
 * A new glossary's fields but its words (which must be there, AIS.0011), then its words: the store checks that a
 * category lexicon is a black list in between, as the API always has.
 */
export const checkGlossaryFields = compileBodyCheck(
  Type.Object({ ...schemas.GlossaryCreate.properties, words: Type.Unknown() }),
  glossaryAnswer,
);
export const checkGlossaryWords = compileBodyCheck(
  Type.Object({ words: schemas.GlossaryCreate.properties.words }),
  glossaryAnswer,
);
/** An edit's words first (with the store's rules on them), then the whole edit. */
export const checkGlossaryUpdateWords = compileBodyCheck(
  Type.Object({ words: schemas.GlossaryUpdate.properties.words }),
  glossaryAnswer,
);
export const checkGlossaryUpdate = compileBodyCheck(schemas.GlossaryUpdate, glossaryAnswer);

/** The operator's settings answer as the operator API does: IAM.0002 naming the field. */
export const checkModerationSettings = compileBodyCheck(
  schemas.ModerationSettingsBody,
  iamAnswer({
    names: { '/subscribed': 'subscribed', '/services': 'services', '/monthly_free_calls': 'monthly_free_calls' },
  }),
);
