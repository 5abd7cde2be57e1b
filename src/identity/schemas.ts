import { type TSchema, Type } from '@sinclair/typebox';
import { passwordPolicy } from './password-policy.js';

/** OpenAPI shapes of the identity and operator APIs (IAM-compatible where IAM has the call). */

/** A string the token request takes: 1 to `maxLength` characters. */
const TokenText = (maxLength = 128) => Type.String({ minLength: 1, maxLength });
const DomainRef = Type.Object(
  { id: Type.Optional(TokenText()), name: Type.Optional(TokenText()) },
  { description: 'A domain by id, name or both' },
);

/**
 * The token request, checked in `token-request.ts` in the order of the method it names: its shape depends on the
 * method (`password.user` or `token.id`) and on the scope (a project or else a domain).
 */
export const TokenRequest = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.Union([Type.Literal('password'), Type.Literal('token')]), {
        description: '`password` with `password.user`, or `token` with `token.id` (a token of ours, to rescope)',
      }),
      password: Type.Optional(
        Type.Object({
          user: Type.Object({
            name: TokenText(),
            password: TokenText(),
            domain: Type.Object({ name: TokenText() }),
          }),
        }),
      ),
      token: Type.Optional(Type.Object({ id: TokenText(16 * 1024) })),
    }),
    scope: Type.Optional(
      Type.Object(
        {
          project: Type.Optional(
            Type.Object({
              id: Type.Optional(TokenText()),
              name: Type.Optional(TokenText()),
              domain: Type.Optional(DomainRef),
            }),
          ),
          domain: Type.Optional(DomainRef),
        },
        { description: 'A project (by id or name, optionally with its domain), or else a domain' },
      ),
    ),
  }),
});

export const TokenQuery = Type.Object({
  nocatalog: Type.Optional(Type.String({ description: 'Any non-empty value: answer `catalog: []`' })),
});

export const SubjectTokenHeaders = Type.Object({ 'x-subject-token': Type.String() });

const Permission = Type.String({
  pattern: '^(\\*|[a-zA-Z*]+:[a-zA-Z*]+:[a-zA-Z*]+)$',
  description: '`service:resource:action`, any segment may be `*`; `*` alone grants all',
});
/** Names of accounts, users and projects: a letter, then up to 63 letters, digits, `.`, `_` or `-`. */
const Name = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$' });
const Password = Type.String({ minLength: passwordPolicy.minLength, maxLength: passwordPolicy.maxLength });

/**
 * Request bodies are checked by these schemas (compiled in `identity/request-checks.ts`), field by field in the
 * order of their properties, which is the order the identity API has always checked them.
 */
export const CreateUserBody = Type.Object({
  user: Type.Object({
    name: Name,
    password: Password,
    permissions: Type.Optional(Type.Array(Permission)),
  }),
});
export const UpdateUserBody = Type.Object({
  user: Type.Object({
    enabled: Type.Optional(Type.Boolean({ description: 'false: no login, no token, no AK/SK' })),
    password: Type.Optional(Password),
    permissions: Type.Optional(Type.Array(Permission)),
  }),
});
export const CreateProjectBody = Type.Object({ project: Type.Object({ name: Name }) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CreateCredentialBody = Type.Object({
  credential: Type.Optional(
    Type.Object(
      {
        user_id: Type.Optional(
          nullable(Type.String({ minLength: 1, maxLength: 128, description: 'Absent or null: the caller' })),
        ),
        description: Type.Optional(nullable(Type.String({ maxLength: 255 }))),
      },
      { description: 'Absent: a key of the caller, without a description' },
    ),
  ),
});
export const UpdateCredentialBody = Type.Object({
  credential: Type.Object(
    {
      status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
      description: Type.Optional(Type.String({ maxLength: 255 })),
    },
    { description: 'At least one of status and description' },
  ),
});
export const ListCredentialsQuery = Type.Object({
  user_id: Type.Optional(Type.String({ description: "Another user's keys need iam:credentials:manage" })),
});
export const ListProjectsQuery = Type.Object({
  domain_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ description: 'Project names are unique in an account: at most one answers' })),
  parent_id: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  is_domain: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'Given together with page' })),
});
/** Checked in `request-checks.ts` in stages: a taken account name answers before the other fields. */
export const CreateAccountBody = Type.Object({
  name: Name,
  admin_user: Type.Optional(Type.Union([Name, Type.Null()], { default: 'admin' })),
  admin_password: Password,
  project: Type.Optional(Type.Union([Name, Type.Null()], { default: 'default' })),
});
export const AccountStateBody = Type.Object({
  state: Type.Union([Type.Literal('normal'), Type.Literal('frozen'), Type.Literal('restricted')]),
});
export const AccountView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  state: Type.Union([Type.Literal('normal'), Type.Literal('frozen'), Type.Literal('restricted')]),
});
/** The operator's list of accounts: paged by offset and limit as the MaaS lists are. */
export const ListAccountsQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export const AccountList = Type.Object({
  total: Type.Integer({ description: 'Accounts in all, not only on this page' }),
  accounts: Type.Array(AccountView, { description: 'Oldest first' }),
});
