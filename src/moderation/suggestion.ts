/** A moderation verdict: remove the content, hold it for a person, or let it pass. */
export type Suggestion = 'block' | 'review' | 'pass';

/** How the verdicts rank: the most severe finding decides a result that sums several up. */
export const severity: Record<Suggestion, number> = { block: 2, review: 1, pass: 0 };

export function moreSevere<S extends Suggestion>(a: S, b: S): S {
  return severity[b] > severity[a] ? b : a;
}
