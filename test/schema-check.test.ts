import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { aisAnswer, modelArtsAnswer } from '../src/errors/schema-answers.js';
import { compileBodyCheck } from '../src/errors/schema-check.js';
import { parseNewAccount } from '../src/identity/request-checks.js';
import { parseTokenRequest } from '../src/identity/token-request.js';
import { parseKeySettings, parseNewKey } from '../src/maas/api-keys/key-input.js';
import { checkCreateEndpoint, checkUpdateEndpoint } from '../src/maas/endpoints/endpoint-schemas.js';
import { parseModelInput } from '../src/maas/models/model-input.js';
import { parseNewService, parseServiceChanges } from '../src/maas/services/service-schemas.js';
import { parseDetailChart, parseShowStatistics } from '../src/maas/statistics/stats-request.js';
import { checkInferenceRequest } from '../src/maas/inference/request-shape.js';
import { operatorBucketsFrom, projectStoreFrom } from '../src/moderation/object-storage-input.js';
import { parsePolicy } from '../src/moderation/policies.js';
import { checkTextRequest } from '../src/moderation/request-checks.js';

/** The code (and message) an asynchronous check answers a body with, or `ok`. */
async function answerOf(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
    return 'ok';
  } catch (error) {
    const e = error as { code?: string; message: string };
    return `${e.code} ${e.message}`;
  }
}

/** The code (and message) a check answers a body with, or `ok`. */
function answer(check: () => unknown): string {
  try {
    check();
    return 'ok';
  } catch (error) {
    const e = error as { code?: string; message: string };
    return `${e.code} ${e.message}`;
  }
}

describe('schema checks: which failure answers', () => {
  it('field by field in the schema order, then by kind at one place (Content Moderation)', () => {
    const check = compileBodyCheck(
      Type.Object({
        first: Type.Union([Type.Literal('a'), Type.Literal('b')]),
        list: Type.Optional(Type.Union([Type.Array(Type.Union([Type.Literal('x')]), { maxItems: 2 }), Type.Null()])),
        last: Type.String({ minLength: 1 }),
      }),
      aisAnswer({ enumCodes: { '/first': 'AIS.0005' } }),
    );
    // The first field's failure answers, whatever comes after it.
    assert.match(
      answer(() => check({ first: 'z', list: 5 })),
      /^AIS\.0005 /,
    );
    // A nullable list's item outside the list is that item's failure, not a failure of the union.
    assert.match(
      answer(() => check({ first: 'a', list: ['y'], last: 'ok' })),
      /^AIS\.0012 /,
    );
    // The list's own failure (too many) comes before its items'.
    assert.match(
      answer(() => check({ first: 'a', list: ['y', 'y', 'y'], last: 'ok' })),
      /^AIS\.0401 /,
    );
    // Absent, null or empty is AIS.0011; null inside a list of strings is a wrong type.
    assert.match(
      answer(() => check({ first: 'a' })),
      /^AIS\.0011 /,
    );
    assert.match(
      answer(() => check({ first: 'a', last: '' })),
      /^AIS\.0011 /,
    );
    assert.equal(
      answer(() => check({ first: 'a', list: null, last: 'ok' })),
      'ok',
    );
  });

  it('by kind across the body (ModelArts management), leaving unlisted rules to the route', () => {
    const check = compileBodyCheck(
      Type.Object({
        name: Type.String({ pattern: '^[a-z]+$' }),
        count: Type.Optional(Type.Integer({ minimum: 1 })),
        flag: Type.Optional(Type.Boolean()),
      }),
      modelArtsAnswer({ required: { '/name': 'ModelArts.0104' }, format: { '/name': 'ModelArts.6274' } }),
    );
    assert.match(
      answer(() => check({ count: 'x' })),
      /^ModelArts\.0104 /,
    );
    // A type anywhere answers before the name's form, wherever the field stands.
    assert.match(
      answer(() => check({ name: 'A1', flag: 'x' })),
      /^ModelArts\.2115 /,
    );
    assert.match(
      answer(() => check({ name: 'A1' })),
      /^ModelArts\.6274 /,
    );
    // A whole-number rule the schema states but the route words (with a limit it alone knows) is left to the route.
    assert.equal(
      answer(() => check({ name: 'ok', count: 0 })),
      'ok',
    );
  });

  it('keeps the documented custom-endpoint order: required name, field types, name format', () => {
    assert.match(
      answer(() => checkCreateEndpoint({ endpoint_name: '', rpm: 'x' })),
      /^ModelArts\.0104 /,
    );
    assert.match(
      answer(() => checkCreateEndpoint({ endpoint_name: '9bad', moderation: 'x' })),
      /^ModelArts\.2115 /,
    );
    assert.match(
      answer(() => checkCreateEndpoint({ endpoint_name: '9bad' })),
      /^ModelArts\.6274 /,
    );
    assert.equal(
      answer(() => checkCreateEndpoint({ endpoint_name: '模型-1', remark: null, rpm: null })),
      'ok',
    );
    // A new name may be left out, so an empty one is malformed rather than missing.
    assert.match(
      answer(() => checkUpdateEndpoint({ endpoint_name: '' })),
      /^ModelArts\.6274 /,
    );
  });

  it('answers inference bodies in the cloud wordings', () => {
    const chat = (body: Record<string, unknown>) => answer(() => checkInferenceRequest('chat', body, {}));
    assert.equal(
      chat({ model: 'm', messages: [{ role: 'user' }, { role: 'robot' }], temperature: 'hot' }),
      'ModelArts.81001 Failed to format request body, messages[1].role is robot, not one of ' +
        'system, user, assistant, tool, function, developer.',
    );
    assert.equal(chat({ model: '', messages: 5 }), 'ModelArts.81001 Failed to format request body, model is empty.');
    assert.equal(
      chat({ model: 'm', messages: [] }),
      'ModelArts.81001 Failed to format request body, messages is empty.',
    );
    assert.equal(chat({ model: 'm', messages: [{ role: 'user' }], n: 0 }), 'ModelArts.81001 Invalid request body.');
    assert.equal(chat({ model: 'm', messages: [{ role: 'user' }], stop: null, extra: [1] }), 'ok');
    assert.equal(
      answer(() => checkInferenceRequest('embedding', { model: 'm', input: 'x', stream: true }, {})),
      'ModelArts.81001 Invalid request body.',
    );
  });

  it('reads a biz_type policy as standing in for the event type and categories', () => {
    const body = { data: { text: 'hello' }, categories: ['nope'] };
    assert.match(
      answer(() => checkTextRequest(body, undefined)),
      /^AIS\.0011 /,
    );
    assert.equal(
      answer(() => checkTextRequest(body, { name: 'p' } as never)),
      'ok',
    );
    assert.match(
      answer(() => checkTextRequest({ ...body, event_type: 'comment' }, undefined)),
      /^AIS\.0012 /,
    );
  });

  it('answers API-key bodies field by field, item by item, with the lookups in their place', async () => {
    const lookups: string[] = [];
    const targets = {
      unknownModels: async (_: string, names: readonly string[]) => {
        lookups.push('models');
        return names.filter((n) => n === 'gone');
      },
      unknownEndpoints: async () => {
        lookups.push('endpoints');
        return [];
      },
    };
    const create = (body: unknown) => answerOf(() => parseNewKey(body, targets, 'acc'));
    const update = (body: unknown) => answerOf(() => parseKeySettings(body, targets, 'acc'));
    // The label before every setting; on update it is ignored.
    assert.match(await create({ label: 'a b', description: 5 }), /^ModelArts\.0101 .*label must be up to 100/);
    assert.match(await update({ label: 'a b', allow_all: true }), /^ok$/);
    // Absent and null are both "required"; another type does not decode.
    assert.match(await create({ allow_all: null }), /allow_all is required/);
    assert.match(await create({ allow_all: 'yes' }), /^ModelArts\.2115 /);
    // Item by item: the first item's rule before the second item's type; repeats only after every item.
    assert.match(await create({ allow_all: false, ip_whitelist: ['x', 5] }), /ip_whitelist must list IPv4/);
    assert.match(await create({ allow_all: false, ip_whitelist: [5, 'x'] }), /^ModelArts\.2115 /);
    assert.match(await create({ allow_all: false, ip_whitelist: ['1.2.3.4', '1.2.3.4', 'x'] }), /must list IPv4/);
    assert.match(await create({ allow_all: false, ip_whitelist: ['1.2.3.4', '1.2.3.4'] }), /must not repeat an item/);
    // The address list's agreement with allow_all before the model list's own failures.
    assert.match(
      await create({ allow_all: true, ip_whitelist: ['1.2.3.4'], resident_model_version_whitelist: 5 }),
      /ip_whitelist must be empty when allow_all is true/,
    );
    // The model lookup before the endpoint list and the limits: an unknown model answers, not the later fields.
    lookups.length = 0;
    assert.match(
      await create({ allow_all: true, resident_model_version_whitelist: ['gone'], endpoint_whitelist: 7, rpm: 'x' }),
      /names no model open to this account: gone/,
    );
    assert.deepEqual(lookups, ['models']);
    assert.match(await create({ allow_all: true, endpoint_whitelist: 7 }), /^ModelArts\.2115 /);
    assert.match(await create({ allow_all: true, rpm: 1.5 }), /rpm must be an integer from 1 to 1000000$/);
    assert.match(await create({ allow_all: true, tpm: 'x' }), /^ModelArts\.2115 /);
    assert.equal(
      await create({ allow_all: true, label: null, description: null, rpm: null, ip_whitelist: null }),
      'ok',
    );
  });

  it('answers model-service bodies: every type first, then the name, the URL and the workspace', () => {
    const create = (body: unknown) => answer(() => parseNewService(body));
    const update = (body: unknown) => answer(() => parseServiceChanges(body));
    const url = 'http://127.0.0.1:9/v1';
    // A later field's type before the name's rule; the auth mode's value among the types.
    assert.match(create({ service_name: '9x', description: 5 }), /^ModelArts\.2115 /);
    assert.match(
      create({ service_name: '9x', auth_mode: 'magic', description: 5 }),
      /auth_mode must be one of token, aksk, app, none$/,
    );
    assert.match(create({ service_name: null, upstream_url: url }), /service_name must be 1 to 64/);
    assert.match(create({ service_name: 's', upstream_url: '' }), /upstream_url is required$/);
    assert.match(create({ service_name: 's', upstream_url: null }), /upstream_url is required$/);
    // The workspace before the URL's form; the URL's form before the replicas.
    assert.match(create({ service_name: 's', upstream_url: 'ftp://x', workspace_id: '1' }), /workspace_id must be 0/);
    assert.match(
      create({ service_name: 's', upstream_url: 'ftp://x', replica_urls: 5 }),
      /upstream_url must be an absolute http or https URL$/,
    );
    assert.match(create({ service_name: 's', upstream_url: url, replica_urls: [null] }), /replica_urls must list at/);
    assert.match(
      create({ service_name: 's', upstream_url: url, replica_urls: ['http://u:p@x'] }),
      /replica_urls\[0\] must not carry credentials$/,
    );
    assert.equal(create({ service_name: 's', upstream_url: url, auth_mode: null, workspace_id: null }), 'ok');
    // Update ignores the name and the workspace, and reads an empty URL as a malformed one.
    assert.equal(update({ service_name: 5, workspace_id: 'x', upstream_url: null }), 'ok');
    assert.match(update({ upstream_url: '' }), /upstream_url must be an absolute http or https URL$/);
    assert.match(update({ upstream_url: 'ftp://x', mount_to_maas_gateway: 'yes' }), /^ModelArts\.2115 /);
  });

  it('answers statistics bodies: the span and its rules, the filters, then the route fields', () => {
    const show = (body: unknown) => answer(() => parseShowStatistics('p', body));
    const chart = (body: unknown) => answer(() => parseDetailChart('p', body));
    const span = { start_time: 1000, end_time: 5000 };
    assert.match(show({ end_time: 'x', service_type: 'x' }), /start_time is required$/);
    assert.match(show({ start_time: 0, end_time: 'x' }), /start_time must be a positive epoch time/);
    // The rule across the two times before the service type's failures.
    assert.match(show({ start_time: 9, end_time: 5, service_type: 'x' }), /start_time must not be after end_time$/);
    assert.match(show({ ...span, service_type: 1.5, infer_type: 5 }), /service_type must be 1, 2, 3 or 4$/);
    assert.match(show({ ...span, service_type: '1' }), /^ModelArts\.2115 /);
    assert.match(show({ ...span, service_type: 4, timezone: 'Mars/Base', infer_type: 5 }), /timezone must be an IANA/);
    assert.match(show({ ...span, service_type: 4, infer_type: null }), /infer_type is required$/);
    assert.match(show({ ...span, service_type: 4, infer_type: 5 }), /^ModelArts\.2115 /);
    assert.match(show({ ...span, service_type: 4, infer_type: 'x' }), /infer_type must be real_time or batch$/);
    // Any interval outside the list, null and strings included, has one wording.
    assert.match(chart({ ...span, interval: null }), /interval must be one of 60, 300, 3600, 86400$/);
    assert.match(chart({ ...span, interval: '60' }), /interval must be one of/);
    assert.equal(chart({ ...span, interval: 60, timezone: '', service_type: null, ips: ['::1'] }), 'ok');
    assert.equal(
      answer(() =>
        assert.equal(parseShowStatistics('p', { ...span, service_type: 4, infer_type: 'batch' }).filter.serviceType, 3),
      ),
      'ok',
    );
  });

  it('answers operator model bodies field by field, replica by replica, each replica URL form last', async () => {
    const accounts = {
      findAccountByName: async (name: string) => (name === 'acme' ? { id: 'A1' } : undefined),
    } as never;
    const model = (body: unknown) => answerOf(() => parseModelInput(body, accounts));
    const url = 'http://127.0.0.1:9/v1';
    assert.match(await model({ name: 5, replicas: [] }), /^ModelArts\.2115 /);
    assert.match(await model({ name: '-m', upstream_model: 5 }), /name must be 1 to 128/);
    // Any failure of the account list has one wording; the lookup comes before the later fields.
    assert.match(await model({ name: 'm', accounts: [null] }), /accounts must be a list of account names$/);
    assert.match(await model({ name: 'm', accounts: ['nobody'], status: 5 }), /accounts names no account nobody$/);
    assert.match(await model({ name: 'm', fallback_model: 'm', status: 5 }), /fallback_model must name another/);
    assert.match(await model({ name: 'm', status: 5, replicas: [] }), /status must be running or stopped$/);
    assert.match(await model({ name: 'm', replicas: null }), /replicas must list at least one upstream server$/);
    // A replica's weight before its URL's form; the first replica before the second.
    assert.match(
      await model({ name: 'm', replicas: [{ url: 'ftp://x', weight: 0 }, { url: 5 }] }),
      /Invalid parameter: weight must be an integer from 1 to 1000$/,
    );
    assert.match(
      await model({ name: 'm', replicas: [{ url: 'ftp://x' }, { url: 5 }] }),
      /replicas\[0\]\.url must be an absolute http or https URL$/,
    );
    assert.match(await model({ name: 'm', replicas: [{ url }, null] }), /^ModelArts\.2115 /);
    assert.match(await model({ name: 'm', replicas: [{ url }, { url: '' }] }), /replicas\[1\]\.url is required$/);
    assert.match(
      await model({ name: 'm', replicas: [{ url, api_key: '' }] }),
      /replicas\[0\]\.api_key must be 1 to 1024 characters$/,
    );
    assert.equal(await model({ name: 'm', accounts: ['acme'], status: null, replicas: [{ url, weight: null }] }), 'ok');
  });

  it('answers token requests in the order of the method they name, a non-object on the way read as absent', () => {
    const token = (auth: unknown) => answer(() => parseTokenRequest({ auth }));
    const user = { name: 'u', password: 'p', domain: { name: 'd' } };
    assert.match(token({ identity: 5 }), /auth\.identity\.methods$/);
    assert.match(token({ identity: { methods: ['x'] } }), /auth\.identity\.methods$/);
    // Password before token, whatever else methods lists; the scope before the credentials.
    assert.match(
      token({ identity: { methods: ['token', 'password'], password: 5, token: 7 }, scope: { project: {} } }),
      /auth\.scope\.project$/,
    );
    assert.match(token({ identity: { methods: ['password'], password: 5 } }), /password\.user\.domain\.name$/);
    assert.match(token({ identity: { methods: ['password'] } }), /password\.user\.domain\.name$/);
    assert.match(
      token({ identity: { methods: ['password'], password: { user: { ...user, name: '' } } } }),
      /password\.user\.name$/,
    );
    // A project scope wins over a domain scope, whose failures are then not read.
    assert.match(
      token({ identity: { methods: ['password'], password: { user } }, scope: { project: { id: 'p', domain: [] } } }),
      /auth\.scope\.project\.domain$/,
    );
    assert.equal(
      token({ identity: { methods: ['password'], password: { user } }, scope: { project: { id: 'p' }, domain: 5 } }),
      'ok',
    );
    // The token method reads its token before the scope, and needs a scope.
    assert.match(token({ identity: { methods: ['token'], token: { id: '' } }, scope: 5 }), /token\.id$/);
    assert.match(token({ identity: { methods: ['token'], token: { id: 't' } } }), /auth\.scope$/);
    assert.match(
      token({ identity: { methods: ['token'], token: { id: 't' } }, scope: { domain: { id: null } } }),
      /domain\.id$/,
    );
  });

  it("answers the operator's account creation: the name, whether it is taken, then the other fields", async () => {
    const taken = async (name: string) => name === 'taken';
    const create = (body: unknown) => answerOf(() => parseNewAccount(body, taken));
    assert.match(await create({ name: '9x', admin_password: 5 }), /IAM\.0002 .*: name$/);
    assert.match(await create({ name: 'taken', admin_password: 5 }), /^IAM\.0004 /);
    assert.match(await create({ name: 'acme', admin_user: '', admin_password: 5 }), /: admin_user$/);
    assert.match(
      await create({ name: 'acme', admin_password: 'short' }),
      /admin_password must be 8 to 128 characters$/,
    );
    assert.match(await create({ name: 'acme', admin_password: '' }), /: admin_password$/);
    assert.match(await create({ name: 'acme', admin_password: 'password1', project: 5 }), /: project$/);
    assert.equal(await create({ name: 'acme', admin_user: null, admin_password: 'password1', project: null }), 'ok');
  });

  it('answers biz_type policies field by field: a list and its items types (AIS.0401) before a value (AIS.0012)', () => {
    const policy = (body: unknown) => answer(() => parsePolicy('p1', body));
    assert.match(policy({ text_categories: ['bogus', 5] }), /^AIS\.0401 /);
    assert.match(policy({ text_categories: ['bogus'], image_categories: 5 }), /^AIS\.0012 /);
    assert.match(policy({ text_categories: Array(21).fill('porn') }), /^AIS\.0401 /);
    assert.match(policy({ glossary_names: [null] }), /^AIS\.0401 /);
    assert.match(
      answer(() => parsePolicy('-bad', {})),
      /^AIS\.0401 /,
    );
    assert.deepEqual(parsePolicy('p1', { text_categories: ['porn', 'porn', 'ad'], image_categories: null }), {
      text_categories: ['porn', 'ad'],
      image_categories: [],
      audio_categories: [],
      glossary_names: [],
      white_glossary_names: [],
      image_library_names: [],
    });
    assert.match(policy({ image_library_names: 'flags' }), /^AIS\.0401 /);
  });

  it('answers object-storage settings: unknown fields first, then field by field, bucket by bucket', () => {
    const store = (body: unknown) => answer(() => projectStoreFrom(body));
    const grant = (body: unknown) => answer(() => operatorBucketsFrom(body));
    const valid = {
      endpoint: 'https://obs.example.com',
      access_key: 'ak',
      secret_key: 'sk',
      buckets: [{ bucket: 'bkt' }],
    };
    assert.match(store({ bogus: 1, endpoint: 5 }), /^AIS\.0012 /);
    assert.match(store({ ...valid, endpoint: 'ftp://x' }), /^AIS\.0012 /);
    assert.match(store({ ...valid, endpoint: 'https://x/path', access_key: '' }), /^AIS\.0401 /);
    assert.match(store({ ...valid, endpoint: '' }), /^AIS\.0011 /);
    assert.match(store({ ...valid, access_key: 'a b', secret_key: null }), /^AIS\.0401 /);
    assert.match(store({ ...valid, buckets: [] }), /^AIS\.0011 /);
    assert.equal(store({ ...valid, region: null, path_style: null, buckets: [{ bucket: 'bkt', prefix: null }] }), 'ok');
    // The operator's answers name the field; an empty grant is allowed, a missing prefix is not.
    assert.match(grant({ buckets: [], other: 1 }), /IAM\.0002 .*: other$/);
    assert.equal(grant({ buckets: [] }), 'ok');
    assert.match(grant({ buckets: [{ bucket: 'bkt', prefix: '' }, { bucket: 'bkt' }] }), /: buckets\[1\]\.prefix$/);
    assert.match(grant({ buckets: [{ bucket: 'bkt', x: 1, prefix: 5 }] }), /: buckets\[0\]\.x$/);
    assert.match(grant({ buckets: [{ bucket: '', prefix: '../x' }] }), /: buckets\[0\]\.bucket$/);
  });
});
