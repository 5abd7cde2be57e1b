import { readUrl } from './url.js';

/**
 * HLS playlists (RFC 8216) as the media relay passes them to ffmpeg: every URI in them, segment lines and the URI
 * attributes of tags (keys, init sections, renditions, variants), is replaced by the relay's URL for it, so that
 * ffmpeg never needs to open anything but the relay.
 */

/** Whether a body starts as a playlist does (ffmpeg needs `#EXTM3U` first; a BOM or blank lines are tolerated). */
export function looksLikePlaylist(start: Buffer): boolean {
  return /^(\uFEFF)?\s*#EXTM3U/.test(start.subarray(0, 64).toString('utf8'));
}

/** Enough of a body's start for looksLikePlaylist. */
export const playlistSniffBytes = 64;

// URI=... in a tag's attribute list, quoted (as the RFC says) or not (as ffmpeg also reads it).
const uriAttribute = /([:,]\s*URI=)(?:"([^"]*)"|([^,"\s]*))/g;

/**
 * The playlist with each URI resolved against `base` (where the playlist really came from, after redirects) and
 * replaced by `relay(url)`; a URI that does not resolve becomes `relay(undefined)`.
 */
export function rewritePlaylist(text: string, base: URL, relay: (target: URL | undefined) => string): string {
  const resolve = (uri: string): string => {
    const target = readUrl(uri.trim(), base);
    return relay(target.ok ? target.url : undefined);
  };
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      if (line.trim() === '') return line;
      if (line.startsWith('#')) {
        return line.replace(
          uriAttribute,
          (_match, prefix: string, quoted?: string, bare?: string) => `${prefix}"${resolve(quoted ?? bare ?? '')}"`,
        );
      }
      return resolve(line);
    })
    .join('\n');
}
