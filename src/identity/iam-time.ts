/**
 * Times as the cloud's IAM writes them: ISO-8601 UTC with microseconds, e.g. `2020-01-04T09:05:22.701000Z` (token
 * issued_at and expires_at, access key create_time and last_use_time). Clients parse the fraction as microseconds.
 */
export function iamTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '000Z');
}
