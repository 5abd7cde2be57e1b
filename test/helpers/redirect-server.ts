import net from 'node:net';
import { mulberry32 } from '../../scripts/seeded-random.js';

/**
 * A file server written on raw TCP, so that a redirect's `Location` can be any bytes at all (node:http refuses to
 * send some). `redirect(location)` gives a path answered 302 with that Location; `files` are answered 200; anything
 * else 404.
 */
export async function startRedirectServer(files: Record<string, Buffer> = {}) {
  const locations = new Map<string, Buffer>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (data: Buffer) => {
      head += data.toString('latin1');
      if (!head.includes('\r\n\r\n')) {
        if (head.length > 65_536) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const path = head.split(' ')[1] ?? '';
      const location = locations.get(path);
      const file = files[path];
      const close = 'Content-Length: 0\r\nConnection: close\r\n\r\n';
      if (location) {
        socket.end(
          Buffer.concat([Buffer.from('HTTP/1.1 302 Found\r\nLocation: '), location, Buffer.from(`\r\n${close}`)]),
        );
      } else if (file) {
        const headers = `Content-Type: image/png\r\nContent-Length: ${file.length}\r\nConnection: close\r\n\r\n`;
        socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\n${headers}`), file]));
      } else {
        socket.end(`HTTP/1.1 404 Not Found\r\n${close}`);
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    /** A URL on this server answered 302 with `location` (its UTF-8 bytes, as they are). */
    redirect(location: string): string {
      const path = `/r/${locations.size}`;
      locations.set(path, Buffer.from(location, 'utf8'));
      return `${base}${path}`;
    },
    close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Malformed or unusable `Location`s that every download must answer as a failed download, whatever they are. */
export const badLocations = [
  'http://[::1',
  '',
  'http://',
  'https://',
  '://x',
  '//[',
  '\\\\[',
  'javascript:alert(1)',
  'data:image/png;base64,AAAA',
  'ftp://example.com/a.png',
  'file:///etc/passwd',
  'obs://bucket/key.png',
  'http://user:pass@[::1]/',
  'http://[::1]:99999/',
  'http://%zz/',
  'http://a b/',
  `http://[${'1'.repeat(20_000)}`,
  `/${'a'.repeat(8_000)}`,
];

/**
 * `count` more, seeded: a scheme or authority start followed by punctuation and characters hosts may not hold. No
 * letters or digits follow a `//`, so none of them names a host that would be looked up in DNS (a test must not
 * depend on the network): each parses as nothing, as another scheme, or as a path on the same server.
 */
export function randomBadLocations(seed: number, count: number): string[] {
  const next = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const heads = [
    'http://[',
    'https://[::1',
    '//[',
    '\\\\[',
    'http:',
    '://',
    'javascript:',
    'data:',
    'mailto:',
    '[',
    '%',
    '',
  ];
  const junk = [...'[]:/@%?#\\ \t^|<>{}"`', '\u0000', '\u007f', '\ufffd', '\u2028', '%zz', '%00', '//', '::'];
  return Array.from({ length: count }, () => {
    let location = pick(heads);
    const length = Math.floor(next() * 24);
    for (let i = 0; i < length; i++) location += pick(junk);
    return location;
  });
}
