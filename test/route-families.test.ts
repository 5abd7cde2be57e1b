import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RouteOptions } from 'fastify';
import { familyOfPath } from '../src/errors/families.js';
import { inferenceEndpoints, modelListPaths } from '../src/maas/inference/endpoints.js';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * A route that names its family answers gateway failures in it; a path no route has (404, wrong method) is answered
 * in the family the path patterns of errors/families.ts choose. The two must agree, or the same path would answer an
 * unknown method and a missing token in different families' codes.
 */
describe('route families', () => {
  let server: TestServer;
  const routes: RouteOptions[] = [];

  before(async () => {
    server = await startServer({}, { onRoute: (route) => routes.push(route) });
  });
  after(() => server.close());

  it('agree with the 404 fallback for every registered route that names one', () => {
    const named = routes.filter((route) => route.config?.family !== undefined);
    assert.ok(named.length > 0, 'no route names its family');
    for (const route of routes) {
      // A concrete path for the pattern: every parameter and wildcard filled in.
      const path = route.url.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x');
      const fallback = familyOfPath(path);
      assert.equal(route.config?.family ?? fallback, fallback, `${route.method} ${route.url}`);
    }
  });

  it('name the data plane family on every inference route', () => {
    const family = (url: string) => routes.find((route) => route.url === url)?.config?.family;
    for (const endpoint of inferenceEndpoints) {
      for (const path of endpoint.paths) assert.equal(family(path), endpoint.family, path);
    }
    for (const path of modelListPaths) {
      assert.equal(family(path), 'MaaSInference', path);
      assert.equal(family(`${path}/:model`), 'MaaSInference', path);
    }
  });
});
