import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import tls from 'node:tls';
import { type Agent, type Dispatcher, request } from 'undici';
import { type AddressPolicy, bareHost } from './address-guard.js';
import { looksLikePlaylist, playlistSniffBytes, rewritePlaylist } from './hls-playlist.js';
import { classifyOutboundError, connectGuarded, createGuardedAgent, TooLargeError } from './outbound.js';
import { readHttpUrl, readUrl } from './url.js';

export interface StreamRelayOptions {
  addresses: AddressPolicy;
  connectTimeoutMs: number;
  /** Longest wait for an answer, and longest silence on any connection (upstream or ffmpeg's). */
  idleTimeoutMs: number;
  maxRedirects: number;
  /** Largest playlist read (it is rewritten whole). */
  maxPlaylistBytes: number;
}

/**
 * The only thing ffmpeg may connect to when it reads a tenant's live stream: a relay on 127.0.0.1 that makes every
 * connection itself, through the address guard.
 *
 * HTTP(S): ffmpeg gets a relay URL (`/s/<session>/<url>/<name>`) instead of the stream's URL. The relay fetches the
 * URL through a guarded agent, follows redirects itself (each hop checked where it connects), and rewrites HLS
 * playlists so that every URI in them is a relay URL too; TLS ends here, so ffmpeg speaks nothing but plain HTTP.
 * ffmpeg runs with this relay as its HTTP proxy as well, so a URL it was not given still lands here, and is refused.
 * RTMP(S): a per-session TCP tunnel on 127.0.0.1 to the checked address (TLS done here for rtmps).
 * A refused address is answered 403 and recorded on the session, so the job can say why it failed.
 */
export class StreamRelay {
  private readonly agent: Agent;
  private readonly sessions = new Map<string, StreamRelaySession>();
  private server: http.Server | undefined;
  private origin: Promise<string> | undefined;

  constructor(private readonly options: StreamRelayOptions) {
    this.agent = createGuardedAgent({
      addresses: options.addresses,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.idleTimeoutMs,
      bodyTimeoutMs: options.idleTimeoutMs,
    });
  }

  /** A session for one ffmpeg run; the relay starts listening on the first. */
  async openSession(): Promise<StreamRelaySession> {
    const origin = await (this.origin ??= this.listen());
    const session = new StreamRelaySession(origin, this.options, () => this.sessions.delete(session.id));
    this.sessions.set(session.id, session);
    return session;
  }

  async close(): Promise<void> {
    for (const session of [...this.sessions.values()]) session.close();
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await this.agent.close();
  }

  private async listen(): Promise<string> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    // ffmpeg never needs a tunnel: it is given no https URL, and TLS is not on its protocol whitelist.
    server.on('connect', (_req, socket: net.Socket) => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
    server.setTimeout(this.options.idleTimeoutMs, (socket) => socket.destroy());
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const route = await this.route(req.url ?? '');
    if (req.method !== 'GET') return void res.writeHead(405).end();
    // Anything else ffmpeg asks for is a URL it was never given.
    if (!route) return void res.writeHead(403).end();
    if (!route.session) return void res.writeHead(404).end();
    if (!route.target) {
      route.session.refused = true;
      return void res.writeHead(403).end();
    }
    await this.relay(route.session, route.target, req, res);
  }

  /** The session and target of a relay URL, in origin form or in the absolute form ffmpeg sends to its proxy. */
  private async route(
    requestUrl: string,
  ): Promise<{ session: StreamRelaySession | undefined; target: URL | undefined } | undefined> {
    let path = requestUrl;
    if (!requestUrl.startsWith('/')) {
      const absolute = readUrl(requestUrl);
      if (!absolute.ok || absolute.url.origin !== (await this.origin)) return undefined;
      path = absolute.url.pathname;
    }
    const match = /^\/s\/([0-9a-f]{32})\/([A-Za-z0-9_-]+)(?:\/[^/]*)?$/.exec(path);
    if (!match) return undefined;
    return { session: this.sessions.get(match[1]!), target: decodeTarget(match[2]!) };
  }

  private async relay(session: StreamRelaySession, target: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    res.on('close', abort);
    session.requests.add(controller);
    try {
      const { response, url } = await this.fetch(target, req, controller.signal);
      if (!response) {
        session.refused = true;
        return void res.writeHead(403).end();
      }
      const body = response.body;
      body.on('error', () => undefined);
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await body.dump();
        return void res.writeHead(response.statusCode).end();
      }
      const chunks = body[Symbol.asyncIterator]();
      const start: Buffer[] = [];
      let size = 0;
      while (size < playlistSniffBytes) {
        const next = await chunks.next();
        if (next.done) break;
        start.push(next.value as Buffer);
        size += (next.value as Buffer).length;
      }
      if (looksLikePlaylist(Buffer.concat(start))) {
        const bytes = await readRest(start, chunks, this.options.maxPlaylistBytes);
        const text = rewritePlaylist(bytes.toString('utf8'), url, (next) => session.relayUrl(next));
        res.writeHead(200, {
          'content-type': response.headers['content-type'] ?? 'application/vnd.apple.mpegurl',
          'content-length': Buffer.byteLength(text),
        });
        return void res.end(text);
      }
      res.writeHead(response.statusCode, passedHeaders(response.headers));
      await pipeline(async function* () {
        yield* start;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
      }, res);
    } catch (error) {
      if (controller.signal.aborted) return void res.destroy();
      const failure = classifyOutboundError(error);
      if (failure === 'refused') session.refused = true;
      if (res.headersSent) return void res.destroy();
      // A playlist over its cap is a bad gateway answer like any other broken upstream.
      res.writeHead(failure === 'refused' ? 403 : failure === 'timeout' ? 504 : 502).end();
    } finally {
      res.off('close', abort);
      session.requests.delete(controller);
    }
  }

  /** GETs the URL through the guarded agent, following redirects to http(s) URLs; no response: a refused redirect. */
  private async fetch(
    target: URL,
    req: http.IncomingMessage,
    signal: AbortSignal,
  ): Promise<{ response: Dispatcher.ResponseData | undefined; url: URL }> {
    let url = target;
    const headers: Record<string, string> = {};
    for (const name of ['range', 'user-agent', 'accept']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    for (let redirects = 0; ; redirects++) {
      const response = await request(url, { dispatcher: this.agent, signal, headers });
      const location = response.headers.location;
      if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string') {
        return { response, url };
      }
      await response.body.dump();
      if (redirects >= this.options.maxRedirects) throw new Error('too many redirects');
      const next = httpUrl(location, url);
      if (!next) return { response: undefined, url };
      url = next;
    }
  }
}

/** One ffmpeg run's use of the relay: the URLs and tunnels minted for it, and whether an address was refused. */
export class StreamRelaySession {
  readonly id = randomBytes(16).toString('hex');
  /** An address (or a non-http(s) URL) was refused for this session. */
  refused = false;
  readonly requests = new Set<AbortController>();
  private readonly tunnels = new Set<net.Server>();
  private readonly sockets = new Set<net.Socket>();

  constructor(
    /** The relay's own origin; also what ffmpeg uses as its HTTP proxy. */
    readonly proxyUrl: string,
    private readonly options: StreamRelayOptions,
    private readonly onClose: () => void,
  ) {}

  /** The relay URL through which ffmpeg reads an http(s) URL (any other URL: one that is refused). */
  relayUrl(target: URL | undefined): string {
    const valid = target && (target.protocol === 'http:' || target.protocol === 'https:') && !target.username;
    if (!valid) return `${this.proxyUrl}/s/${this.id}/-/refused`;
    // The last path segment stays readable, for logs and for ffmpeg's guesses by file extension.
    const name = (target.pathname.split('/').at(-1) ?? '').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64);
    return `${this.proxyUrl}/s/${this.id}/${Buffer.from(target.href).toString('base64url')}/${name}`;
  }

  /**
   * A port on 127.0.0.1 whose connections are relayed to host:port through the address guard (with TLS done here when
   * `secure`), for protocols other than HTTP (RTMP). It closes with the session.
   */
  async tunnel(host: string, port: number, secure: boolean): Promise<number> {
    const server = net.createServer((client) => void this.connectTunnel(client, host, port, secure));
    this.tunnels.add(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as net.AddressInfo).port;
  }

  close(): void {
    for (const controller of this.requests) controller.abort();
    for (const server of this.tunnels) server.close();
    for (const socket of this.sockets) socket.destroy();
    this.onClose();
  }

  private async connectTunnel(client: net.Socket, host: string, port: number, secure: boolean): Promise<void> {
    this.track(client);
    client.on('error', () => undefined);
    let upstream: net.Socket;
    try {
      upstream = await connectGuarded(this.options.addresses, host, port, this.options.connectTimeoutMs);
      if (secure) upstream = await startTls(upstream, host);
    } catch (error) {
      if (classifyOutboundError(error) === 'refused') this.refused = true;
      return void client.destroy();
    }
    this.track(upstream);
    if (client.destroyed) return void upstream.destroy();
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }
}

function startTls(socket: net.Socket, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const name = bareHost(host);
    socket.on('error', () => secure.destroy());
    const secure = tls.connect({ socket, ...(net.isIP(name) ? {} : { servername: name }) });
    secure.once('secureConnect', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

function decodeTarget(token: string): URL | undefined {
  if (token === '-') return undefined;
  return httpUrl(Buffer.from(token, 'base64url').toString('utf8'));
}

/** An absolute http(s) URL without credentials, or undefined (a redirect's Location included: never a throw). */
function httpUrl(value: string, base?: URL): URL | undefined {
  const result = readHttpUrl(value, base);
  return result.ok ? result.url : undefined;
}

function passedHeaders(headers: Dispatcher.ResponseData['headers']): http.OutgoingHttpHeaders {
  const passed: http.OutgoingHttpHeaders = {};
  for (const name of ['content-type', 'content-length', 'content-range', 'accept-ranges']) {
    const value = headers[name];
    if (typeof value === 'string') passed[name] = value;
  }
  return passed;
}

async function readRest(start: Buffer[], chunks: AsyncIterator<unknown>, maxBytes: number): Promise<Buffer> {
  const all = [...start];
  let size = start.reduce((sum, chunk) => sum + chunk.length, 0);
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    all.push(next.value as Buffer);
    size += (next.value as Buffer).length;
    if (size > maxBytes) {
      await chunks.return?.();
      throw new TooLargeError(maxBytes);
    }
  }
  return Buffer.concat(all);
}
