import type { StreamRelaySession } from '../../net/stream-relay.js';
import { OutboundFailure } from '../../net/outbound-failure.js';
import { readUrl } from '../../net/url.js';
import { ffmpegEnvironment, type FfmpegInput } from './ffmpeg-media.js';

/**
 * The demuxers a live stream may use: HLS and what its segments hold (MPEG-TS, fragmented MP4, packed audio, WebVTT),
 * and FLV (HTTP-FLV, RTMP). None of them opens other URLs except HLS, whose URLs all lead to the relay.
 */
const streamFormats = 'hls,mpegts,mov,aac,mp3,ac3,eac3,webvtt,flv,live_flv';

/**
 * How ffmpeg reads a live stream: only through the session's relay (net/stream-relay.ts), so that every connection is
 * made, and checked, by the address guard. ffmpeg resolves no name and connects nowhere but 127.0.0.1.
 *
 * http(s) and HLS: ffmpeg gets the relay URL and the relay as its HTTP proxy (option and environment), with plain
 * HTTP alone on its protocol whitelist: no https or tls (ffmpeg's TLS connects directly, ignoring `-http_proxy`), no
 * httpproxy (an `httpproxy://` URL in a playlist connects anywhere), no file, udp, rtp, data or subfile. crypto stays
 * for AES-128 HLS, reading its keys and segments through the relay.
 * rtmp(s): ffmpeg speaks plain RTMP to a tunnel of the session; the tcUrl keeps the stream's own address.
 */
export async function streamInput(
  session: StreamRelaySession,
  value: string,
  readTimeoutSeconds: number,
): Promise<FfmpegInput> {
  // Checked when the job was created (validateStreamUrl); this parses the stored text, so it is not assumed.
  const parsed = readUrl(value);
  if (!parsed.ok) throw new OutboundFailure('badUrl');
  const url = parsed.url;
  const timeout = ['-rw_timeout', String(readTimeoutSeconds * 1_000_000)];
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    return {
      args: [
        '-protocol_whitelist',
        'http,tcp,crypto',
        '-format_whitelist',
        streamFormats,
        '-http_proxy',
        session.proxyUrl,
        ...timeout,
        '-i',
        session.relayUrl(url),
      ],
      env: ffmpegEnvironment({ http_proxy: session.proxyUrl }),
      network: true,
    };
  }
  if (url.protocol === 'rtmp:' || url.protocol === 'rtmps:') {
    const port = url.port ? Number(url.port) : url.protocol === 'rtmps:' ? 443 : 1935;
    const local = await session.tunnel(url.hostname, port, url.protocol === 'rtmps:');
    return {
      args: [
        '-protocol_whitelist',
        'rtmp,tcp',
        '-format_whitelist',
        'flv,live_flv',
        '-rtmp_tcurl',
        rtmpTcUrl(url, port),
        ...timeout,
        '-i',
        `rtmp://127.0.0.1:${local}${url.pathname}${url.search}`,
      ],
      env: ffmpegEnvironment(),
      network: true,
    };
  }
  throw new Error(`not a stream protocol: ${url.protocol}`);
}

/**
 * The tcUrl ffmpeg would have sent had it connected to the stream's host itself (`proto://host:port/app`, the app
 * taken from the path as libavformat's rtmpproto.c does), since servers route by it.
 */
export function rtmpTcUrl(url: URL, port: number): string {
  const path = url.pathname + url.search;
  let app: string;
  const query = path.indexOf('?');
  if (query >= 0 && path.includes('slist=', query)) {
    app = path.slice(1, query);
  } else if (path.startsWith('/ondemand/')) {
    app = 'ondemand';
  } else {
    const next = path.slice(1);
    const slash = next.indexOf('/');
    if (slash < 0) {
      app = next;
    } else {
      const colon = next.indexOf(':', slash + 1);
      const name = next.indexOf('/', slash + 1);
      app = name < 0 || (colon >= 0 && colon < name) ? next.slice(0, slash) : next.slice(0, name);
    }
  }
  return `${url.protocol}//${url.hostname}:${port}/${app}`;
}
