/**
 * The capacity experiment behind the shipped text model: does a hidden layer pay? Trains, on the abuse head's
 * training pool (the same items as scripts/train-text-models.ts), with one seeded 80/20 split of it:
 *   - `linear`: logistic regression over the hashed features (AdaGrad; no NB scaling, so that both arms differ only
 *     in the hidden part);
 *   - `wide+deep`: the same linear part plus fastText-style hashed embeddings (D per bucket, summed with the feature
 *     values) through a hidden ReLU layer (H units) to the output, trained jointly by AdaGrad SGD.
 * and prints AUC and best F1 per data set on the 20% (which neither arm saw). Seeded throughout (mulberry32).
 *
 *   npm run build && nice -n 19 node dist/scripts/text-mlp-experiment.js [D=16] [H=16] [epochs=4]
 */
import { auc } from './rank-metrics.js';
import type { FeatureConfig } from '../src/moderation/text/model/features.js';
import {
  type Item,
  loadCold,
  loadDavidson,
  loadMore,
  loadSms,
  moreAvailable,
  moreSets,
  prng,
  shuffle,
} from './text-datasets.js';
import { sparseFeatures } from './text-vectors.js';

const D = Number(process.argv[2] ?? 16);
const H = Number(process.argv[3] ?? 16);
const EPOCHS = Number(process.argv[4] ?? 4);
const BITS = 18;
const FEATURES: FeatureConfig = { charMin: 3, charMax: 4, cjkMax: 2, normFloor: 60, emoji: true, binary: true };

interface Doc {
  idx: Int32Array;
  val: Float32Array;
  lang: 0 | 1;
  y: 0 | 1;
  group: string;
  weight: number;
}

function items(): Doc[] {
  const pool = (s: { train: Item[]; validation: Item[] }) => [...s.train, ...s.validation];
  const raw: { text: string; y: 0 | 1; group: string }[] = [
    ...pool(loadDavidson()).map((i) => ({ text: i.text, y: i.label, group: 'davidson' })),
    ...pool(loadCold()).map((i) => ({ text: i.text, y: i.label, group: 'cold' })),
    ...pool(loadSms()).map((i) => ({ text: i.text, y: 0 as const, group: 'sms' })),
    ...(moreAvailable() ? moreSets.filter((s) => s.task === 'abuse') : []).flatMap((set) =>
      loadMore(set).train.map((i) => ({ text: i.text, y: i.label, group: set.name })),
    ),
  ];
  const docs = raw.map((r) => ({ ...sparseFeatures(r.text, BITS, FEATURES), y: r.y, group: r.group, weight: 1 }));
  for (const lang of [0, 1]) {
    const mine = docs.filter((d) => d.lang === lang);
    const pos = mine.filter((d) => d.y === 1).length;
    for (const d of mine) if (d.y === 0) d.weight = pos / (mine.length - pos);
  }
  return docs;
}

interface Model {
  wide: Float64Array;
  bias: [number, number];
  emb: Float32Array | null;
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
}

const hidden = new Float64Array(256);
const pre = new Float64Array(256);
const x = new Float64Array(256);

function forward(m: Model, doc: Doc): number {
  let z = m.bias[doc.lang];
  for (let k = 0; k < doc.idx.length; k++) z += m.wide[doc.idx[k]!]! * doc.val[k]!;
  if (!m.emb) return z;
  x.fill(0, 0, D);
  for (let k = 0; k < doc.idx.length; k++) {
    const row = doc.idx[k]! * D;
    const v = doc.val[k]!;
    for (let d = 0; d < D; d++) x[d] += m.emb[row + d]! * v;
  }
  for (let h = 0; h < H; h++) {
    let s = m.b1[h]!;
    for (let d = 0; d < D; d++) s += m.w1[h * D + d]! * x[d]!;
    pre[h] = s;
    hidden[h] = s > 0 ? s : 0;
    z += m.w2[h]! * hidden[h]!;
  }
  return z;
}

function train(docs: Doc[], deep: boolean, seed: number): Model {
  const size = 1 << BITS;
  const random = prng(seed);
  const m: Model = {
    wide: new Float64Array(size),
    bias: [0, 0],
    emb: deep ? new Float32Array(size * D) : null,
    w1: new Float64Array(H * D),
    b1: new Float64Array(H),
    w2: new Float64Array(H),
  };
  if (m.emb) for (let i = 0; i < m.emb.length; i++) m.emb[i] = (random() - 0.5) * 0.2;
  for (let i = 0; i < m.w1.length; i++) m.w1[i] = (random() - 0.5) * (2 / Math.sqrt(D));
  for (let i = 0; i < H; i++) m.w2[i] = (random() - 0.5) * (2 / Math.sqrt(H));
  const gWide = new Float64Array(size);
  const gEmb = deep ? new Float32Array(size) : null; // one accumulator per row (row-wise AdaGrad)
  const gW1 = new Float64Array(H * D);
  const gB1 = new Float64Array(H);
  const gW2 = new Float64Array(H);
  const gBias = [0, 0];
  const lr = 0.2;
  const lrDeep = 0.05;
  const dx = new Float64Array(D);
  const order = docs.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const doc = docs[i]!;
      const z = forward(m, doc);
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - doc.y) * doc.weight;
      for (let k = 0; k < doc.idx.length; k++) {
        const j = doc.idx[k]!;
        const gi = g * doc.val[k]!;
        gWide[j] += gi * gi;
        m.wide[j] -= (lr * gi) / (Math.sqrt(gWide[j]!) + 1e-8);
      }
      gBias[doc.lang] += g * g;
      m.bias[doc.lang] -= (lr * g) / (Math.sqrt(gBias[doc.lang]!) + 1e-8);
      if (!m.emb) continue;
      dx.fill(0);
      for (let h = 0; h < H; h++) {
        const gh = pre[h]! > 0 ? g * m.w2[h]! : 0;
        const g2 = g * hidden[h]!;
        gW2[h] += g2 * g2;
        m.w2[h] -= (lrDeep * g2) / (Math.sqrt(gW2[h]!) + 1e-8);
        if (gh === 0) continue;
        gB1[h] += gh * gh;
        m.b1[h] -= (lrDeep * gh) / (Math.sqrt(gB1[h]!) + 1e-8);
        for (let d = 0; d < D; d++) {
          dx[d] += gh * m.w1[h * D + d]!;
          const gw = gh * x[d]!;
          gW1[h * D + d] += gw * gw;
          m.w1[h * D + d] -= (lrDeep * gw) / (Math.sqrt(gW1[h * D + d]!) + 1e-8);
        }
      }
      let n2 = 0;
      for (let d = 0; d < D; d++) n2 += dx[d]! * dx[d]!;
      for (let k = 0; k < doc.idx.length; k++) {
        const row = doc.idx[k]!;
        const v = doc.val[k]!;
        gEmb![row] += (n2 * v * v) / D;
        const step = (lrDeep * v) / (Math.sqrt(gEmb![row]!) + 1e-8);
        for (let d = 0; d < D; d++) m.emb[row * D + d] -= step * dx[d]!;
      }
    }
  }
  return m;
}

function bestF1(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  const total = labels.filter((y) => y === 1).length;
  let tp = 0;
  let best = 0;
  order.forEach(([, y], i) => {
    if (y === 1) tp++;
    const precision = tp / (i + 1);
    const recall = total ? tp / total : 0;
    if (precision + recall > 0) best = Math.max(best, (2 * precision * recall) / (precision + recall));
  });
  return best;
}

const started = Date.now();
const docs = items();
const random = prng(99);
const holdout = new Set<number>();
const byGroup = new Map<string, number[]>();
docs.forEach((d, i) => byGroup.set(`${d.group}:${d.y}`, [...(byGroup.get(`${d.group}:${d.y}`) ?? []), i]));
for (const key of [...byGroup.keys()].sort()) {
  const idx = shuffle(byGroup.get(key)!, random);
  for (const i of idx.slice(0, Math.round(idx.length * 0.2))) holdout.add(i);
}
const trainDocs = docs.filter((_, i) => !holdout.has(i));
const testDocs = docs.filter((_, i) => holdout.has(i));
console.log(
  `items ${docs.length}: train ${trainDocs.length}, held out ${testDocs.length}; D ${D} H ${H} epochs ${EPOCHS}`,
);
for (const deep of [false, true]) {
  const t0 = Date.now();
  const m = train(trainDocs, deep, 20261207);
  const scores = testDocs.map((d) => forward(m, d));
  const line = [`${deep ? 'wide+deep' : 'linear'} (${((Date.now() - t0) / 1000).toFixed(0)} s):`];
  for (const group of [...new Set(testDocs.map((d) => d.group))]) {
    const idx = testDocs.map((d, i) => (d.group === group ? i : -1)).filter((i) => i >= 0);
    const s = idx.map((i) => scores[i]!);
    const y = idx.map((i) => testDocs[i]!.y);
    const a = auc(s, y);
    line.push(`${group} AUC ${Number.isNaN(a) ? '-' : (a * 100).toFixed(1)} F1 ${(bestF1(s, y) * 100).toFixed(1)}`);
  }
  for (const lang of [0, 1]) {
    const idx = testDocs.map((d, i) => (d.lang === lang ? i : -1)).filter((i) => i >= 0);
    line.push(
      `${lang ? 'zh' : 'en'} all AUC ${(
        auc(
          idx.map((i) => scores[i]!),
          idx.map((i) => testDocs[i]!.y),
        ) * 100
      ).toFixed(1)}`,
    );
  }
  console.log(line.join('\n  '));
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
