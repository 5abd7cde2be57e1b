import type { GlossaryStore } from '../../glossaries.js';
import { severity, type Suggestion } from '../../suggestion.js';
import { textCategories, type TextCategory } from '../../text/builtin-lexicon.js';
import { moderateText, type Detail } from '../../text/text-moderator.js';
import type { JobRequest } from '../job-request.js';

/** The parts of a job's request that text moderation reads (categories were checked at creation). */
export type TextJobOptions = Pick<JobRequest, 'categories' | 'glossary_names' | 'white_glossary_names'>;

/** Moderates pieces of text (pages, transcript segments) and sums them up: the most severe finding decides. */
export async function moderatePieces<T extends object>(
  glossaries: GlossaryStore,
  projectId: string,
  options: TextJobOptions,
  pieces: { text: string; meta: T }[],
): Promise<{
  suggestion: Suggestion;
  label: string;
  details: (T & { suggestion: string; label: string; confidence: number; segments: Detail['segments'] })[];
}> {
  const lists = await glossaries.matchers(projectId, [
    ...(options.glossary_names ?? []),
    ...(options.white_glossary_names ?? []),
  ]);
  const categories = (options.categories as TextCategory[] | undefined) ?? [...textCategories];
  const details: (T & { suggestion: string; label: string; confidence: number; segments: Detail['segments'] })[] = [];
  let suggestion: Suggestion = 'pass';
  let label = 'normal';
  for (const piece of pieces) {
    const result = moderateText(piece.text, categories, lists.black, lists.white);
    for (const detail of result.details) {
      details.push({
        ...piece.meta,
        suggestion: detail.suggestion,
        label: detail.label,
        confidence: detail.confidence,
        segments: detail.segments,
      });
      if (severity[detail.suggestion] > severity[suggestion]) {
        suggestion = detail.suggestion;
        label = detail.label;
      }
    }
  }
  return { suggestion, label, details };
}

/** Splits long text into pieces of at most `max` characters at paragraph or line breaks where possible. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.trim() !== '') pieces.push(rest);
  return pieces;
}
