import type { Static } from '@sinclair/typebox';
import { ApiError } from '../errors/api-error.js';
import { answerInOrder, answers, type CheckedKind, type OrderedCheck } from '../errors/schema-answers.js';
import { compileFailureList, type SchemaFailure } from '../errors/schema-check.js';
import * as schemas from './schemas.js';
import type { DomainRef, TokenScope } from './token-service.js';

/**
 * POST /v3/auth/tokens's body, checked by its schema in the order of the method it names. IAM reads a value that is
 * not an object as absent, so a failure of an object on the way to a field answers as that field (a `password` that
 * is a number is a missing `password.user.domain.name`); each answer is IAM.0002 naming the parameter.
 */

type TokenBody = Static<typeof schemas.TokenRequest>;

export type TokenRequest =
  | { method: 'password'; domainName: string; userName: string; password: string; scope: TokenScope | undefined }
  | { method: 'token'; token: string; scope: TokenScope };

const anyKind: readonly CheckedKind[] = ['missing', 'null', 'type', 'empty', 'range', 'format', 'enum'];
const notObject: readonly CheckedKind[] = ['missing', 'null', 'type'];
const missing = (name: string) => new ApiError('IAM.0002', name);
/** IAM.0002 naming `name` for the failures of `kinds` at any of `paths`. */
const named = (name: string, kinds: readonly CheckedKind[], ...paths: string[]): OrderedCheck[] =>
  paths.map((path) => answers(path, kinds, () => missing(name)));

const identity = '/auth/identity';
const methodsChecks = named('auth.identity.methods', notObject, '/auth', identity, `${identity}/methods`);
const user = `${identity}/password/user`;
const passwordChecks = [
  ...named('auth.identity.password.user.domain.name', notObject, `${identity}/password`, user, `${user}/domain`),
  ...named('auth.identity.password.user.domain.name', anyKind, `${user}/domain/name`),
  ...named('auth.identity.password.user.name', anyKind, `${user}/name`),
  ...named('auth.identity.password.user.password', anyKind, `${user}/password`),
];
const tokenChecks = [
  ...named('auth.identity.token.id', notObject, `${identity}/token`),
  ...named('auth.identity.token.id', anyKind, `${identity}/token/id`),
];

/** A domain by id or name (`path` its place, `name` its parameter name). */
function domainRef(value: unknown, failures: SchemaFailure[], path: string, name: string): DomainRef {
  answerInOrder(failures, [
    ...named(name, notObject, path),
    ...named(`${name}.id`, anyKind, `${path}/id`),
    ...named(`${name}.name`, anyKind, `${path}/name`),
  ]);
  const { id, name: domainName } = value as DomainRef;
  if (id === undefined && domainName === undefined) throw missing(name);
  return { ...(id !== undefined ? { id } : {}), ...(domainName !== undefined ? { name: domainName } : {}) };
}

/** `auth.scope`: a project (id or name, optionally with its domain) or a domain (id or name); absent: none. */
function scopeOf(body: TokenBody, failures: SchemaFailure[]): TokenScope | undefined {
  const scope = body.auth.scope;
  if (scope === undefined) return undefined;
  answerInOrder(failures, named('auth.scope', notObject, '/auth/scope'));
  const { project, domain } = scope;
  if (project !== undefined) {
    const path = '/auth/scope/project';
    answerInOrder(failures, [
      ...named('auth.scope.project', notObject, path),
      ...named('auth.scope.project.id', anyKind, `${path}/id`),
      ...named('auth.scope.project.name', anyKind, `${path}/name`),
    ]);
    const { id, name } = project;
    if (id === undefined && name === undefined) throw missing('auth.scope.project');
    return {
      project: {
        ...(id !== undefined ? { id } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(project.domain !== undefined
          ? { domain: domainRef(project.domain, failures, `${path}/domain`, 'auth.scope.project.domain') }
          : {}),
      },
    };
  }
  if (domain !== undefined) return { domain: domainRef(domain, failures, '/auth/scope/domain', 'auth.scope.domain') };
  throw missing('auth.scope');
}

const failuresOf = compileFailureList(schemas.TokenRequest);

/** The method (password before token, whatever else `methods` lists), its credentials and the scope. */
export function parseTokenRequest(raw: unknown): TokenRequest {
  const failures = failuresOf(raw);
  answerInOrder(failures, methodsChecks);
  const body = raw as TokenBody;
  const { methods, password, token } = body.auth.identity;
  if ((methods as unknown[]).includes('password')) {
    // The scope is read before the credentials.
    const scope = scopeOf(body, failures);
    answerInOrder(failures, passwordChecks);
    if (password === undefined) throw missing('auth.identity.password.user.domain.name');
    const { domain, name, password: secret } = password.user;
    return { method: 'password', domainName: domain.name, userName: name, password: secret, scope };
  }
  if ((methods as unknown[]).includes('token')) {
    answerInOrder(failures, tokenChecks);
    if (token === undefined) throw missing('auth.identity.token.id');
    const scope = scopeOf(body, failures);
    if (!scope) throw missing('auth.scope');
    return { method: 'token', token: token.id, scope };
  }
  throw missing('auth.identity.methods');
}
