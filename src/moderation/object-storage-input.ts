import { FormatRegistry, type Static } from '@sinclair/typebox';
import { ApiError } from '../errors/api-error.js';
import {
  answerInOrder,
  answers,
  type CheckedKind,
  itemByItem,
  type OrderedCheck,
  parameterName,
  unknownField,
} from '../errors/schema-answers.js';
import { compileFailureList, formatOfParser, type SchemaFailure } from '../errors/schema-check.js';
import { readUrl } from '../net/url.js';
import { isBucketName, isUnsafeKey } from './sources/object-location.js';
import type { BucketPrefix, ProjectStore } from './sources/object-storage-access.js';
import * as schemas from './schemas.js';

/** How an API family answers a bad field: the operator API names it (IAM.0002), moderation has three codes. */
export interface InputErrors {
  missing(field: string): ApiError;
  wrong(field: string): ApiError;
  unsupported(field: string): ApiError;
}

export const operatorInputErrors: InputErrors = {
  missing: (field) => new ApiError('IAM.0002', field),
  wrong: (field) => new ApiError('IAM.0002', field),
  unsupported: (field) => new ApiError('IAM.0002', field),
};

export const moderationInputErrors: InputErrors = {
  missing: () => new ApiError('AIS.0011'),
  wrong: () => new ApiError('AIS.0401'),
  unsupported: () => new ApiError('AIS.0012'),
};

/** A store endpoint the route can use (the schemas' `store-endpoint` format); its failures answer with its codes. */
formatOfParser('store-endpoint', (value) => storeEndpointFrom(value, moderationInputErrors));
FormatRegistry.Set('bucket-name', (value) => isBucketName(value));
FormatRegistry.Set('safe-key-prefix', (value) => !isUnsafeKey(value));

/** The key of an unknown field's failure (the last segment of its path). */
const keyOf = (failure: SchemaFailure) =>
  failure.path
    .slice(failure.path.lastIndexOf('/') + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
const parentOf = (failure: SchemaFailure) => failure.path.slice(0, failure.path.lastIndexOf('/'));

const absent: readonly CheckedKind[] = ['missing', 'null', 'empty'];
const wrongKinds: readonly CheckedKind[] = ['type', 'range', 'format', 'empty', 'enum'];

/**
 * `buckets`, a list of `{bucket, prefix}`, in its order: the list (absent, of another type or too long), then item
 * by item: an object, no unknown field, its bucket, its prefix. Prefixes follow the rules of keys (no `..` or `.`
 * segments, leading `/`, `//`, backslashes or control characters), so that what a prefix covers is what it says.
 */
function bucketChecks(errors: InputErrors): OrderedCheck[] {
  const named = (kinds: readonly CheckedKind[], path: string, error: (field: string) => ApiError) =>
    answers(path, kinds, (f) => error(parameterName(f.path)));
  return [
    named(['missing', 'null', 'empty'], '/buckets', errors.missing),
    named(['type', 'range'], '/buckets', errors.wrong),
    itemByItem('/buckets', [
      named(['type', 'null'], '/buckets/*', errors.wrong),
      unknownField('/buckets/*', (f) => errors.unsupported(`${parameterName(parentOf(f))}.${keyOf(f)}`)),
      named(absent, '/buckets/*/bucket', errors.missing),
      named(['type', 'format'], '/buckets/*/bucket', errors.wrong),
      named(['missing', 'null'], '/buckets/*/prefix', errors.missing),
      named(['type', 'format'], '/buckets/*/prefix', errors.wrong),
    ]),
  ];
}

/** The list as the store keeps it: a project's own store may leave a prefix out for the whole bucket; duplicates go. */
function bucketPrefixes(value: { bucket: string; prefix?: string | null | undefined }[]): BucketPrefix[] {
  const list: BucketPrefix[] = [];
  for (const item of value) {
    const entry = { bucket: item.bucket, prefix: item.prefix ?? '' };
    if (!list.some((b) => b.bucket === entry.bucket && b.prefix === entry.prefix)) list.push(entry);
  }
  return list;
}

/**
 * An own store's endpoint: an http(s) origin, no credentials, path, query or fragment (AIS.0401), another scheme
 * AIS.0012. Plain http is allowed for stores on one's own network; requests are signed (SigV4), so the secret key
 * itself never travels.
 */
function storeEndpointFrom(value: string, errors: InputErrors): URL {
  if (value === '') throw errors.missing('endpoint');
  if (value.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(value)) throw errors.wrong('endpoint');
  const parsed = readUrl(value);
  if (!parsed.ok) throw errors.wrong('endpoint');
  const url = parsed.url;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw errors.unsupported('endpoint');
  if (!url.hostname || url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw errors.wrong('endpoint');
  return url;
}

/** A credential: present, at most `maxLength` characters, no white space or control characters. */
const textChecks = (field: string, errors: InputErrors): OrderedCheck[] => [
  answers(`/${field}`, absent, () => errors.missing(field)),
  answers(`/${field}`, ['type', 'range', 'format'], () => errors.wrong(field)),
];

const moderation = moderationInputErrors;
const projectStoreFailures = compileFailureList(schemas.ProjectObjectStorageBody);
const projectStoreChecks: OrderedCheck[] = [
  unknownField('', (f) => moderation.unsupported(keyOf(f))),
  answers('/endpoint', ['missing', 'null'], () => moderation.missing('endpoint')),
  answers('/endpoint', ['type'], () => moderation.wrong('endpoint')),
  // The endpoint's own rules, in storeEndpointFrom's order and codes.
  answers('/endpoint', ['empty', 'format'], (f) => {
    try {
      storeEndpointFrom(f.value as string, moderation);
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('the store-endpoint format and storeEndpointFrom disagree');
  }),
  answers('/region', ['type', 'empty', 'format'], () => moderation.wrong('region')),
  ...textChecks('access_key', moderation),
  ...textChecks('secret_key', moderation),
  answers('/path_style', ['type'], () => moderation.wrong('path_style')),
  ...bucketChecks(moderation),
];

/** The body of PUT /v3/{project_id}/moderation/object-storage; the endpoint's address is checked by the route. */
export function projectStoreFrom(raw: unknown): Omit<ProjectStore, 'updatedAt'> & { endpointUrl: URL } {
  answerInOrder(projectStoreFailures(raw), projectStoreChecks);
  const body = raw as Static<typeof schemas.ProjectObjectStorageBody>;
  const endpointUrl = storeEndpointFrom(body.endpoint, moderation);
  return {
    endpoint: endpointUrl.origin,
    endpointUrl,
    region: body.region ?? 'us-east-1',
    accessKey: body.access_key,
    secretKey: body.secret_key,
    pathStyle: body.path_style ?? true,
    buckets: bucketPrefixes(body.buckets),
  };
}

const operatorFailures = compileFailureList(schemas.OperatorObjectStorageBody);
const operatorChecks: OrderedCheck[] = [
  unknownField('', (f) => operatorInputErrors.unsupported(keyOf(f))),
  ...bucketChecks(operatorInputErrors),
];

/**
 * The operator's grant: every prefix named ('' for a whole bucket), so that a forgotten prefix never grants a whole
 * bucket; an empty list grants nothing.
 */
export function operatorBucketsFrom(raw: unknown): BucketPrefix[] {
  answerInOrder(operatorFailures(raw), operatorChecks);
  return bucketPrefixes((raw as Static<typeof schemas.OperatorObjectStorageBody>).buckets);
}
