/**
 * Measures a build of the text moderator on the fourth fresh, never-tuned evaluation set
 * (scripts/text-functional-fresh4.ts; docs/text-fresh4-eval.md): hate and its contrasts in English, emoji and Chinese.
 * The same call as scripts/text-fresh3-eval.ts: moderateText(text, all categories), as the API answers
 * `event_type: comment`; flagged = block or review.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/text-fresh4-eval.js [dist-root] [--functions] [--block]
 *
 * --block: flagged = block only. dist-root: the compiled tree of ANOTHER build to measure (default: this one), e.g.
 * /work/main/dist; that build finds its models in `<dist-root>/../models` and its packages from `<dist-root>/..`.
 * `--misses` exists (scripts/fresh-set-eval.ts) but must not be run on this set: reading its misses is how a set
 * stops being fresh.
 */
import { runFreshEval } from './fresh-set-eval.js';
import { fresh4Items, fresh4SetOf } from './text-functional-fresh4.js';

await runFreshEval('fourth fresh set', fresh4Items(), (item) => fresh4SetOf(item as Parameters<typeof fresh4SetOf>[0]));
