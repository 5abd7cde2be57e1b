import { catalogue, type CatalogueEntry, formatMessage, type ErrorCode } from './catalogue.js';

/** Every failure on the request path is an ApiError; the error hook turns it into the catalogue's body and status. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: readonly string[];
  /** For throttling answers: when the client may try again (sent as Retry-After). */
  retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, ...params: string[]) {
    const entry = catalogue[code];
    super(formatMessage(entry.message, params));
    this.code = code;
    this.status = entry.status;
    this.params = params;
  }

  /** The error in another of its code's documented wordings (the catalogue entry's `variants`). */
  static variant(code: ErrorCode, variant: string, ...params: string[]): ApiError {
    const error = new ApiError(code, ...params);
    const template = (catalogue[code] as CatalogueEntry).variants?.[variant];
    if (template === undefined) throw new Error(`${code} has no wording named ${variant}`);
    error.message = formatMessage(template, params);
    return error;
  }

  /** Says when a throttled client may try again (rounded up to whole seconds, at least one). */
  retryAfter(ms: number): this {
    this.retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
    return this;
  }

  toBody(): { error_code: string; error_msg: string } {
    return { error_code: this.code, error_msg: this.message };
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
