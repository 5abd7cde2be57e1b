import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { securityHeaders } from '../console/index.js';

/** swagger-ui-dist's folder (a dependency: the page loads nothing from outside the platform) and its version. */
const swaggerUiRoot = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const swaggerUiVersion = (
  JSON.parse(readFileSync(path.join(swaggerUiRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** The files the page uses, under a path that names their version: a new version is a new URL, so they cache for good. */
export const swaggerUiBase = `/docs/swagger-ui-${swaggerUiVersion}`;
const swaggerUiFiles = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** Where the page finds the document; the initializer is a file, as the Content-Security-Policy allows no inline script. */
export const documentUrl = '/openapi.json';
const initializerUrl = '/docs/swagger-initializer.js';

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>AI Service Platform: API reference</title>
    <link rel="stylesheet" href="${swaggerUiBase}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${swaggerUiBase}/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${swaggerUiBase}/swagger-ui-bundle.js"></script>
    <script src="${initializerUrl}"></script>
  </body>
</html>
`;

// validatorUrl null: swagger-ui would otherwise send the document to validator.swagger.io for a badge.
const initializer = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    displayOperationId: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** Public, as /openapi.json is: documentation holds nothing secret. */
const publicRoute = { config: { auth: 'none' as const }, schema: { hide: true } } as const;

/**
 * The API reference at /docs (and /docs/): swagger-ui, served from swagger-ui-dist in the package, showing the
 * platform's own /openapi.json, under the console's Content-Security-Policy.
 */
export async function apiDocsPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: swaggerUiRoot,
    serve: false,
    index: false,
    dotfiles: 'deny',
    cacheControl: false,
  });
  for (const url of ['/docs', '/docs/']) {
    app.get(url, publicRoute, async (_request, reply) =>
      reply.headers(securityHeaders).header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(page),
    );
  }
  app.get(initializerUrl, publicRoute, async (_request, reply) =>
    reply
      .headers(securityHeaders)
      .header('Cache-Control', 'no-cache')
      .type('text/javascript; charset=utf-8')
      .send(initializer),
  );
  for (const file of swaggerUiFiles) {
    app.get(`${swaggerUiBase}/${file}`, publicRoute, async (_request, reply) =>
      reply.headers(securityHeaders).header('Cache-Control', 'public, max-age=31536000, immutable').sendFile(file),
    );
  }
}
