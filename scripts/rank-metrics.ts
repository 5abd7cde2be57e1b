/**
 * Area under the ROC curve of scores against 0/1 labels (the Mann–Whitney rank sum; ties ranked in sort order), for
 * the training and experiment scripts' reports. NaN when one class is absent: no ranking to measure.
 */
export function auc(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  order.forEach(([, y], rank) => {
    if (y === 1) {
      rankSum += rank + 1;
      positives++;
    }
  });
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
