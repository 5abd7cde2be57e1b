/**
 * Why something from outside this process could not be had: a download, an object in a store, a live stream, a
 * model server, or ffmpeg's reading of a media file. Code in net/, the stores and the media code throws this, and
 * never an API code: what a reason answers depends on the API family and on what was being read (an empty download is
 * AIS.0029, an empty object AIS.0025), so only the edge maps it, through the one table in errors/outbound-codes.ts
 * (as MinIO's `toAPIErrorCode` maps its typed errors).
 */
export type OutboundReason =
  /** The URL given is not one this platform reads (malformed, another scheme, credentials, a bad object location). */
  | 'badUrl'
  /** The server redirected to something that is not an http(s) URL: the URL given was fine, the read failed. */
  | 'badRedirect'
  /** The address guard refused the address (loopback, private, reserved...). */
  | 'refused'
  /** The host name does not resolve (checked where a host is named, before any connection). */
  | 'unresolved'
  | 'timeout'
  /** Over the caller's size cap (or, for ffmpeg, its wall-clock cap on a file). */
  | 'tooLarge'
  /** An HTTP status other than 2xx, or too many redirects. */
  | 'httpError'
  /** No connection, or a connection that broke; `detail` holds the system's code when there is one. */
  | 'unreachable'
  | 'empty'
  | 'notFound'
  /** The store refused the credentials or the object. */
  | 'denied'
  /** The project has no store to read from (the cloud's missing "agency"). */
  | 'noAccess'
  /** Read, but not in a form this platform can decode. */
  | 'unsupported';

export class OutboundFailure extends Error {
  constructor(
    readonly reason: OutboundReason,
    /** What the reason alone does not say (a system error code, a size cap); for logs and `%s` parameters. */
    readonly detail?: string,
  ) {
    super(detail === undefined ? `outbound failure: ${reason}` : `outbound failure: ${reason} (${detail})`);
  }
}

export function isOutboundFailure(value: unknown): value is OutboundFailure {
  return value instanceof OutboundFailure;
}
