import type { Static } from '@sinclair/typebox';
import { ApiError } from '../errors/api-error.js';
import { answerInOrder, answers, type CheckedKind, iamAnswer, type OrderedCheck } from '../errors/schema-answers.js';
import { compileBodyCheck, compileFailureList } from '../errors/schema-check.js';
import { passwordPolicy, passwordRule } from './password-policy.js';
import * as schemas from './schemas.js';

/**
 * The compiled checks of the identity routes' body schemas, run in the handlers after the permission (APIG.0302
 * answers before anything about the body).
 */
const userNames = {
  '/user': 'user.name',
  '/user/name': 'user.name',
  '/user/password': 'user.password',
  '/user/enabled': 'user.enabled',
  '/user/permissions': 'permissions',
};
const tooShort = { '/user/password': passwordRule };

export const checkCreateUser = compileBodyCheck(schemas.CreateUserBody, iamAnswer({ names: userNames, tooShort }));

/** A `user` that is absent or not an object changes nothing, as before: only its fields are read. */
export const checkUpdateUser = compileBodyCheck(
  schemas.UpdateUserBody,
  iamAnswer({ names: userNames, tooShort, ignored: ['/user'] }),
);

export const checkCreateProject = compileBodyCheck(
  schemas.CreateProjectBody,
  iamAnswer({ names: { '/project': 'project.name', '/project/name': 'project.name' } }),
);

const credentialNames = {
  '/credential': 'credential',
  '/credential/user_id': 'credential.user_id',
  '/credential/status': 'credential.status',
  '/credential/description': 'credential.description',
};

/** A `credential` that is not an object is read as absent (a key of the caller), as before. */
export const checkCreateCredential = compileBodyCheck(
  schemas.CreateCredentialBody,
  iamAnswer({ names: credentialNames, ignored: ['/credential'] }),
);

export const checkUpdateCredential = compileBodyCheck(
  schemas.UpdateCredentialBody,
  iamAnswer({ names: credentialNames }),
);

/** IAM.0002 naming the parameter, for the failures of `kinds` at `path`. */
const named = (path: string, name: string, kinds: readonly CheckedKind[] = everyKind): OrderedCheck =>
  answers(path, kinds, () => new ApiError('IAM.0002', name));
const everyKind: readonly CheckedKind[] = ['missing', 'null', 'type', 'empty', 'range', 'format', 'enum'];
/** An optional name: null stands for its default. */
const optionalName = (path: string, name: string) => named(path, name, ['type', 'empty', 'range', 'format']);

const accountFailures = compileFailureList(schemas.CreateAccountBody);
const adminPasswordRule = `admin_password ${passwordRule}`;
const adminChecks: OrderedCheck[] = [
  optionalName('/admin_user', 'admin_user'),
  answers(
    '/admin_password',
    ['range'],
    () => new ApiError('IAM.0002', adminPasswordRule),
    (f) => {
      return typeof f.value === 'string' && f.value.length < passwordPolicy.minLength;
    },
  ),
  named('/admin_password', 'admin_password'),
  optionalName('/project', 'project'),
];

export interface NewAccount {
  account: string;
  user: string;
  password: string;
  project: string;
}

/**
 * The operator's account creation, in its order: the account's name, then whether it is taken (`isTaken`), then the
 * administrator's name, password and the first project's name.
 */
export async function parseNewAccount(raw: unknown, isTaken: (name: string) => Promise<boolean>): Promise<NewAccount> {
  const failures = accountFailures(raw);
  answerInOrder(failures, [named('/name', 'name')]);
  const body = raw as Static<typeof schemas.CreateAccountBody>;
  if (await isTaken(body.name)) throw new ApiError('IAM.0004', `account ${body.name}`);
  answerInOrder(failures, adminChecks);
  return {
    account: body.name,
    user: body.admin_user ?? 'admin',
    password: body.admin_password,
    project: body.project ?? 'default',
  };
}
