import { iamAnswer } from '../errors/schema-answers.js';
import { compileBodyCheck } from '../errors/schema-check.js';
import { passwordRule } from './password-policy.js';
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
