/**
 * The evaluation both fresh sets share (scripts/text-fresh-eval.ts, scripts/text-fresh2-eval.ts): the moderator of a
 * build, called as the API answers `event_type: comment`, scored per set and per function.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Answer {
  suggestion: string;
  label: string;
  details: { label: string; suggestion: string }[];
}
type Moderate = (text: string) => Answer;

async function loadModerator(distRoot: string): Promise<Moderate> {
  const file = resolve(distRoot, 'src/moderation/text/text-moderator.js');
  if (!existsSync(file)) throw new Error(`no moderator at ${file}: give the root of a compiled tree (…/dist)`);
  const mod = (await import(pathToFileURL(file).href)) as {
    moderateText: (text: string, categories: readonly string[]) => Answer;
  };
  const lex = (await import(pathToFileURL(resolve(distRoot, 'src/moderation/text/builtin-lexicon.js')).href)) as {
    textCategories: readonly string[];
  };
  return (text) => mod.moderateText(text, lex.textCategories);
}

/** An item of a fresh set (both sets share this shape). */
export interface FreshSetItem {
  lang: string;
  family: string;
  func: string;
  text: string;
  label: boolean;
  category?: string;
}

interface Scored {
  item: FreshSetItem;
  /** Counted as flagged for this item's family (spam: an `ad` finding). */
  flagged: boolean;
  anyFlag: boolean;
  label: string;
}

const pct = (x: number) => (Number.isNaN(x) ? '   -' : (x * 100).toFixed(1).padStart(5));

function row(name: string, xs: Scored[]): string {
  const pos = xs.filter((x) => x.item.label);
  const neg = xs.filter((x) => !x.item.label);
  const right = xs.filter((x) => x.flagged === x.item.label).length;
  const tp = pos.filter((x) => x.flagged).length;
  const fp = neg.filter((x) => x.flagged).length;
  // With no positive items (a contrast function) precision says nothing: shown as '-'.
  const precision = pos.length ? tp / (tp + fp) : NaN;
  const recall = tp / pos.length;
  const f1 = (2 * precision * recall) / (precision + recall);
  const rightLabel = pos.filter((x) => x.flagged && x.label === x.item.category).length / (tp || NaN);
  return (
    `${name.padEnd(30)} n ${String(xs.length).padStart(4)} (+${String(pos.length).padStart(3)})  acc ${pct(right / xs.length)}` +
    `  flagged+ ${pct(recall)}  passed- ${pct(neg.length ? 1 - fp / neg.length : NaN)}` +
    `  P ${pct(precision)} R ${pct(recall)} F1 ${pct(f1)}  right label ${pct(rightLabel)}`
  );
}

/**
 * Measures the moderator of the build named on the command line (default: this one) on a fresh set and prints the
 * figures per set, and with `--functions` per function (the options are in each set's script).
 */
export async function runFreshEval(
  title: string,
  items: FreshSetItem[],
  setOf: (item: FreshSetItem) => string,
): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--')) ?? new URL('..', import.meta.url).pathname;
  const moderate = await loadModerator(root);
  const blockOnly = args.includes('--block');
  const scored: Scored[] = items.map((item) => {
    const r = moderate(item.text);
    const anyFlag = blockOnly ? r.suggestion === 'block' : r.suggestion !== 'pass';
    const ad = r.details.some((d) => d.label === 'ad' && (!blockOnly || d.suggestion === 'block'));
    return {
      item,
      anyFlag,
      flagged: item.family === 'spam' ? ad : anyFlag,
      label: item.family === 'spam' ? (ad ? 'ad' : r.label) : anyFlag ? r.label : 'pass',
    };
  });
  console.log(
    `${title}, moderator from ${resolve(root)}; flagged = ${blockOnly ? 'block' : 'block or review'} (spam: an \`ad\` finding)\n`,
  );
  const groups = (key: (s: Scored) => string) => [...new Set(scored.map(key))];
  for (const set of groups((s) => setOf(s.item)))
    console.log(
      row(
        set,
        scored.filter((s) => setOf(s.item) === set),
      ),
    );
  console.log(row('all', scored));
  const spam = scored.filter((s) => s.item.family === 'spam');
  console.log(
    row(
      'spam, any flag',
      spam.map((s) => ({ ...s, flagged: s.anyFlag })),
    ),
  );
  if (args.includes('--functions') || args.includes('--misses')) {
    console.log('\nper function');
    for (const f of groups((s) => `${s.item.lang}:${s.item.func}`))
      console.log(
        row(
          f,
          scored.filter((s) => `${s.item.lang}:${s.item.func}` === f),
        ),
      );
  }
  if (args.includes('--misses')) {
    console.log('\nmisses');
    for (const s of scored.filter((x) => x.flagged !== x.item.label))
      console.log(
        `${s.item.label ? 'missed ' : 'false+ '} ${s.label.padEnd(10)} ${s.item.func.padEnd(22)} ${s.item.text}`,
      );
  }
}
