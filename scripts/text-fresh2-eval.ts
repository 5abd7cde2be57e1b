/**
 * Measures a build of the text moderator on the second fresh, never-tuned evaluation set (scripts/text-functional-fresh2.ts;
 * docs/text-fresh2-eval.md). The same call as scripts/text-dev-eval.ts: moderateText(text, all categories), as the
 * API answers `event_type: comment`; flagged = block or review; for the spam family, flagged = an `ad` finding
 * (any flag is printed beside it).
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/text-fresh2-eval.js [dist-root] [--functions] [--misses] [--block]
 *
 * --block: flagged = block only (issue 22 lets profanity used as an exclamation be `review`; this shows what the
 * answer looks like when review is taken as a pass).
 *
 * dist-root: the compiled tree of ANOTHER build to measure (default: this one), e.g. /work/main/dist. The moderator
 * is imported from it at run time; that build finds its models in `<dist-root>/../models` and its packages from
 * `<dist-root>/..`, so measure a checkout or a copy of one (dist, models, package.json, node_modules).
 */
import { runFreshEval } from './fresh-set-eval.js';
import { fresh2Items, fresh2SetOf } from './text-functional-fresh2.js';

await runFreshEval('second fresh set', fresh2Items(), (item) => fresh2SetOf(item as Parameters<typeof fresh2SetOf>[0]));
