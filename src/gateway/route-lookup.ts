import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import { familyError, familyOfPath } from '../errors/families.js';

const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Unknown routes: a path that some route has under another method is a wrong method, anything else an unknown API,
 * each in the path's family's words. Every route is remembered as it is added so that the two can be told apart.
 */
export function installRouteLookup(app: FastifyInstance): void {
  const knownRoutes = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if ((httpMethods as readonly string[]).includes(method))
        knownRoutes.on(method as 'GET', route.url, () => undefined);
    }
  });
  app.setNotFoundHandler(async (request) => {
    const path = request.url.split('?')[0]!;
    const otherMethod = httpMethods.some((m) => m !== request.method && knownRoutes.find(m, path));
    throw familyError(familyOfPath(request.url), otherMethod ? 'wrongMethod' : 'unknownRoute');
  });
}
