import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface ConsoleOptions {
  /** The folder of the built console (index.html and assets/); default: dist/console, next to dist/src. */
  root?: string;
}

/** Where `npm run build` puts the console (vite's outDir): dist/console, beside this module's dist/src/console. */
export const defaultConsoleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console');

/** Public: the console signs in through the IAM API itself; its files hold nothing secret. */
const publicRoute = { config: { auth: 'none' as const }, schema: { hide: true } } as const;

/**
 * Content Security Policy of the console: its own scripts and styles only, calls to this origin only, images from
 * itself or the data/blob URLs of an uploaded file's preview; never framed (no clickjacking of its buttons).
 */
export const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, relative) : entry.isFile() ? [relative] : [];
  });
}

/**
 * The web console at /console/ (a single-page app built by vite from console/), and `GET /` sending browsers there.
 * The built files are listed once at start (they change only with a new build): a listed file is sent as it is
 * (content-hashed assets cached for good), any other path without a file extension is a page of the app and gets
 * index.html (deep links), and the rest is the gateway's unknown route.
 */
export async function consolePlugin(app: FastifyInstance, options: ConsoleOptions = {}): Promise<void> {
  const root = options.root ?? defaultConsoleRoot;
  app.get('/', publicRoute, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console', publicRoute, async (_request, reply) => reply.redirect('/console/'));

  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'web console not built (npm run build builds it); /console answers 503');
    app.get('/console/*', publicRoute, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web console is not built: run `npm run build`, which builds it into dist/console.\n'),
    );
    return;
  }

  const files = new Set(listFiles(root));
  await app.register(fastifyStatic, { root, serve: false, index: false, dotfiles: 'deny', cacheControl: false });

  const sendIndex = (reply: FastifyReply) =>
    reply.headers(securityHeaders).header('Cache-Control', 'no-cache').sendFile('index.html');

  app.get('/console/*', publicRoute, async (request, reply) => {
    const relative = (request.params as { '*': string })['*'];
    if (relative === '' || relative === 'index.html') return sendIndex(reply);
    if (files.has(relative)) {
      const immutable = relative.startsWith('assets/');
      reply.headers(securityHeaders);
      reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.sendFile(relative);
    }
    // A missing file (a stale asset after a new build) is an unknown route, not the app's page in its place.
    if (/\.[A-Za-z0-9]{1,8}$/.test(relative)) return reply.callNotFound();
    return sendIndex(reply);
  });
}
