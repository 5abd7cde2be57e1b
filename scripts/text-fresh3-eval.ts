/**
 * Measures a build of the text moderator on the third fresh, never-tuned evaluation set (scripts/text-functional-fresh3.ts;
 * docs/text-fresh3-eval.md): hate and its contrasts in English, emoji and Chinese. The same call as
 * scripts/text-fresh2-eval.ts: moderateText(text, all categories), as the API answers `event_type: comment`;
 * flagged = block or review.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/text-fresh3-eval.js [dist-root] [--functions] [--block]
 *
 * --block: flagged = block only. dist-root: the compiled tree of ANOTHER build to measure (default: this one), e.g.
 * /work/main/dist; that build finds its models in `<dist-root>/../models` and its packages from `<dist-root>/..`.
 * `--misses` exists (scripts/fresh-set-eval.ts) but must not be run on this set: reading its misses is how a set
 * stops being fresh.
 */
import { runFreshEval } from './fresh-set-eval.js';
import { fresh3Items, fresh3SetOf } from './text-functional-fresh3.js';

await runFreshEval('third fresh set', fresh3Items(), (item) => fresh3SetOf(item as Parameters<typeof fresh3SetOf>[0]));
