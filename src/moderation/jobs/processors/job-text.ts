import { textCategoriesForAudio, type AudioRequestCategory } from '../../api-contract.js';
import type { GlossaryStore } from '../../glossaries.js';
import { textCategories, type TextCategory } from '../../text/builtin-lexicon.js';
import { moderateText, type TextModerationResult } from '../../text/text-moderator.js';
import type { JobRequest } from '../job-request.js';

/** Checks the text of a job (transcript segments, document pages) with the job's categories and glossaries. */
export type TextCheck = (text: string) => TextModerationResult;

/** Text categories for a job's audio categories (speech is moderated as its transcript). */
export function textCategoriesOfAudio(categories: readonly string[] | undefined): TextCategory[] {
  return [...new Set((categories ?? []).flatMap((c) => textCategoriesForAudio[c as AudioRequestCategory] ?? []))];
}

/** Documents' `text_categories: ["default"]`: every text risk this platform checks. */
export const documentTextCategories: readonly TextCategory[] = textCategories;

export async function textCheckFor(
  glossaries: GlossaryStore,
  projectId: string,
  request: Pick<JobRequest, 'glossary_names' | 'white_glossary_names'>,
  categories: readonly TextCategory[],
): Promise<TextCheck> {
  const lists = await glossaries.matchers(
    projectId,
    [...(request.glossary_names ?? []), ...(request.white_glossary_names ?? [])],
    categories,
  );
  return (text) => moderateText(text, categories, lists.black, lists.white);
}

/** The hit words of a text result, as the job APIs list them (`segments: [{segment}]`, absent when none). */
export function hitSegments(result: TextModerationResult): { segments?: { segment: string }[] } {
  const words = [...new Set(result.details.flatMap((d) => d.segments.map((s) => s.segment)))];
  return words.length > 0 ? { segments: words.map((segment) => ({ segment })) } : {};
}
