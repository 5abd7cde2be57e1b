import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { ParamCreater } from '@huaweicloud/huaweicloud-sdk-iam/v3/IamClient.js';
import { operationIds } from '../src/api-docs/operation-ids.js';
import { startServer, type TestServer } from './helpers/server.js';

interface Parameter {
  in: string;
  name: string;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface Document {
  servers?: { url: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

function operationsOf(document: Document): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/**
 * What redocly's recommended rules would flag and swagger-parser's schema validation does not: operationIds
 * (present, unique, URL-safe), path parameters (each template name declared, each declared one in the template),
 * operations with a summary and with a success and a client-error answer, known security schemes, a server, paths
 * that differ only by parameter names, wildcard paths, and keywords OpenAPI 3.0 does not have.
 */
function lintProblems(document: Document): string[] {
  const problems: string[] = [];
  if (!document.servers?.length) problems.push('no servers');
  const seenIds = new Map<string, string>();
  const shapes = new Map<string, string>();
  for (const path of Object.keys(document.paths)) {
    if (path.includes('*')) problems.push(`${path}: a wildcard in the path`);
    const shape = path.replace(/\{[^}]*\}/g, '{}');
    if (shapes.has(shape)) problems.push(`${path}: the same path as ${shapes.get(shape)} but for parameter names`);
    shapes.set(shape, path);
  }
  for (const { method, path, operation } of operationsOf(document)) {
    const where = `${method} ${path}`;
    const id = operation.operationId;
    if (!id) problems.push(`${where}: no operationId`);
    else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) problems.push(`${where}: operationId ${id} is not URL-safe`);
    else if (seenIds.has(id)) problems.push(`${where}: operationId ${id} also names ${seenIds.get(id)}`);
    if (id) seenIds.set(id, where);
    if (!operation.summary && !operation.description) problems.push(`${where}: no summary or description`);
    const codes = Object.keys(operation.responses ?? {});
    if (!codes.some((code) => code.startsWith('2'))) problems.push(`${where}: no 2xx response`);
    if (!codes.some((code) => code.startsWith('4'))) problems.push(`${where}: no 4xx response`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    for (const name of templated) if (!declared.includes(name)) problems.push(`${where}: {${name}} not declared`);
    for (const name of declared) if (!templated.includes(name)) problems.push(`${where}: ${name} not in the path`);
    const keys = (operation.parameters ?? []).map((p) => `${p.in}:${p.name}`);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: a parameter declared twice`);
    for (const requirement of operation.security ?? document.security ?? []) {
      for (const scheme of Object.keys(requirement)) {
        if (!(scheme in document.components.securitySchemes)) problems.push(`${where}: unknown scheme ${scheme}`);
      }
    }
  }
  const text = JSON.stringify(document);
  for (const keyword of ['additionalItems', 'prefixItems', '"const"', '"examples"', '"$schema"']) {
    if (text.includes(keyword)) problems.push(`the OpenAPI 3.0 document has ${keyword}`);
  }
  return problems;
}

/** The IAM SDK's operations by method and path (its request builders, called with any value for every field). */
function iamSdkOperations(): Map<string, string[]> {
  const builders = ParamCreater() as unknown as Record<string, (request: unknown) => { method: string; url: string }>;
  const anything = new Proxy({}, { get: () => 'x' });
  const byRoute = new Map<string, string[]>();
  for (const [name, build] of Object.entries(builders)) {
    let options: { method: string; url: string };
    try {
      options = build(anything);
    } catch {
      continue; // a builder that wants a field in a shape 'x' is not (one federation call): not an API of ours
    }
    const key = `${options.method} ${options.url}`;
    byRoute.set(key, [...(byRoute.get(key) ?? []), name[0]!.toUpperCase() + name.slice(1)]);
  }
  return byRoute;
}

describe('OpenAPI document', () => {
  let server: TestServer;
  let served: Document;
  before(async () => {
    server = await startServer();
    const response = await server.call('GET', '/openapi.json');
    assert.equal(response.status, 200);
    served = response.json;
  });
  after(() => server.close());

  it('is served, and docs/openapi.json in the repository is the same document (npm run openapi rewrites it)', async () => {
    const paths = served.paths;
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint']?.post);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint']?.get);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint/{custom_endpoint_id}']?.put);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/control/{custom_endpoint_id}']?.put);
    assert.ok(paths['/v2/{project_id}/maas/api-auth/api-keys']?.post);
    assert.ok(paths['/v1/{project_id}/maas/monitoring/show-statistics']?.post);
    assert.ok(paths['/v1/chat/completions']?.post);
    assert.equal(paths['/v1/{project_id}/maas/custom-endpoints'], undefined);
    assert.ok(paths['/v3/auth/tokens']);
    assert.deepEqual(served, JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  });

  it('is valid OpenAPI 3.0 (swagger-parser), served and in the repository', async () => {
    for (const document of [served, JSON.parse(readFileSync('docs/openapi.json', 'utf8'))]) {
      // validate dereferences the object it is given: it gets a copy.
      await SwaggerParser.validate(structuredClone(document));
    }
  });

  it('passes the checks a linter adds: operationIds, path parameters, answers, summaries, servers', () => {
    assert.deepEqual(lintProblems(served), []);
    // The checks catch what they look for.
    const broken = structuredClone(served);
    const text = broken.paths['/v3/{project_id}/moderation/text']!.post!;
    delete text.operationId;
    text.responses = { 200: {} };
    broken.paths['/v1/infers/{*}'] = { get: { ...text, operationId: 'listModels', summary: 'x' } };
    delete broken.servers;
    assert.deepEqual(lintProblems(broken), [
      'no servers',
      '/v1/infers/{*}: a wildcard in the path',
      'POST /v3/{project_id}/moderation/text: no operationId',
      'POST /v3/{project_id}/moderation/text: no 4xx response',
      'GET /v1/infers/{*}: operationId listModels also names GET /v1/models',
      'GET /v1/infers/{*}: no 4xx response',
      'GET /v1/infers/{*}: {*} not declared',
      'GET /v1/infers/{*}: project_id not in the path',
    ]);
  });

  it('names every operation from the one table, with no entry left over for a route that is gone', () => {
    const documented = new Set(operationsOf(served).map(({ method, path }) => `${method} ${path}`));
    const missing = [...documented].filter((route) => !(route in operationIds));
    assert.deepEqual(missing, [], 'routes without an entry in src/api-docs/operation-ids.ts');
    const stale = Object.keys(operationIds).filter((route) => !documented.has(route));
    assert.deepEqual(stale, [], 'entries of src/api-docs/operation-ids.ts that no documented route answers');
    for (const { method, path, operation } of operationsOf(served)) {
      assert.equal(operation.operationId, operationIds[`${method} ${path}`]);
    }
  });

  it("uses the IAM SDK's operation name wherever the SDK has the operation", () => {
    const sdk = iamSdkOperations();
    assert.ok(sdk.size > 100, `IAM SDK operations found: ${sdk.size}`);
    let matched = 0;
    for (const { method, path, operation } of operationsOf(served)) {
      const names = sdk.get(`${method} ${path}`);
      if (!names) continue;
      matched++;
      assert.ok(names.includes(operation.operationId!), `${method} ${path}: ${operation.operationId} not in ${names}`);
    }
    assert.ok(matched >= 14, `operations the IAM SDK has: ${matched}`);
  });

  it('documents the error answer, who may call, and the direct-call wildcard under named parameters', () => {
    const text = served.paths['/v3/{project_id}/moderation/text']!.post!;
    assert.equal(text.operationId, 'RunTextModeration');
    assert.deepEqual(text.responses!['4XX'], { $ref: '#/components/responses/Error' });
    const chat = served.paths['/v1/chat/completions']!.post!;
    assert.equal(chat.operationId, 'createChatCompletion');
    assert.deepEqual(chat.responses!['4XX'], { $ref: '#/components/responses/InferenceError' });
    assert.deepEqual(chat.security, [{ apiKey: [] }]);
    assert.deepEqual(served.paths['/v3/auth/tokens']!.post!.security, []);
    assert.deepEqual(served.paths['/operator/v1/accounts']!.post!.security, [{ operatorKey: [] }]);
    const infer = served.paths['/v1/infers/{service_id}/{path}']!;
    assert.deepEqual(Object.keys(infer).sort(), ['delete', 'get', 'patch', 'post', 'put']);
    assert.equal(new Set(Object.values(infer).map((operation) => operation.operationId)).size, 5);
  });
});
