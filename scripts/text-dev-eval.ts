/**
 * A short development report (no peers, no timing): the shared test parts, the held-out parts of the further sets
 * and the functional checks per set and per function, for this project as the API answers.
 *
 *   npm run build && node dist/scripts/text-dev-eval.js [--functions]
 */
import {
  datasetCases,
  evaluateCase,
  functionalFamilyRows,
  functionalRows,
  moreCases,
  normalRates,
} from '../bench/text-quality.js';

const pct = (x: number) => (Number.isNaN(x) ? '-' : (x * 100).toFixed(1));
for (const c of [...datasetCases().filter((c) => !c.category || c.category === 'ad'), ...moreCases()]) {
  const f = evaluateCase(c);
  console.log(
    `${c.name.padEnd(58)} n ${String(c.items.length).padStart(5)}  P ${pct(f.precision)} R ${pct(f.recall)} F1 ${pct(f.f1)} FPR ${pct(f.fpr)}`,
  );
}
const { sets, functions } = functionalRows();
for (const r of [...sets, ...(process.argv.includes('--functions') ? functions : [])])
  console.log(
    `functional ${r.name.padEnd(30)} n ${String(r.items).padStart(4)}  acc ${pct(r.accuracy)}  hateful flagged ${pct(r.flaggedHateful)}  benign passed ${pct(r.passedBenign)}  right label ${pct(r.rightLabel)}`,
  );
if (process.argv.includes('--functions'))
  for (const r of functionalFamilyRows())
    console.log(`detector ${r.name.padEnd(32)} n ${String(r.items).padStart(4)}  acc ${pct(r.accuracy)}`);
for (const file of ['test/fixtures/normal-text-en.txt', 'test/fixtures/normal-text-zh.txt']) {
  const r = normalRates(file);
  console.log(`${file}: block ${pct(r.block)}% review ${pct(r.review)}%`);
  for (const f of r.flagged) console.log(`    ${f.suggestion} ${f.label}: ${f.text}`);
}
