/**
 * Pattern detectors that word lists cannot express: contact details and links (advertising), and flooding
 * (repeated characters or words). They read the original text; positions are UTF-16 [start, end).
 */
export interface PatternFinding {
  segment: string;
  start: number;
  end: number;
}

const adPatterns: RegExp[] = [
  // Links, without the punctuation that ends the sentence around them.
  /\bhttps?:\/\/(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?/gi,
  /\bwww\.[a-z0-9-]+(\.[a-z0-9-]+)+(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?/gi,
  /\b[a-z0-9][a-z0-9-]{1,62}\.(com|net|org|cn|io|xyz|top|shop|vip|club|site|online|biz|info)\b(\/(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?)?/gi,
  // Mainland China mobile numbers and international numbers written as one run.
  /(?<!\d)1[3-9]\d{9}(?!\d)/g,
  /(?<![\w+])\+\d[\d -]{8,16}\d(?!\d)/g,
  // Messaging handles offered for contact.
  /\b(?:wechat|weixin|vx|wx|qq|telegram|tg|whatsapp|line)\s*(?:id)?\s*[:：]?\s*@?[a-z0-9_-]{4,}\b/gi,
  /(?:微信|薇信|威信|扣扣|qq群)\s*[:：]?\s*[a-z0-9_-]{5,}/gi,
];

export function findAdvertising(text: string): PatternFinding[] {
  const findings: PatternFinding[] = [];
  for (const pattern of adPatterns) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      if (findings.some((f) => start >= f.start && start < f.end)) continue;
      findings.push({ segment: m[0], start, end: start + m[0].length });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/**
 * Flooding: one character 10+ times in a row, one word 6+ times making 60% of the text, or three characters at most.
 * Written as plain loops: it runs on every text, and regular expressions with back-references cost ten times more.
 */
export function findFlooding(text: string): PatternFinding[] {
  const findings: PatternFinding[] = [];
  let runStart = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) === text.charCodeAt(runStart)) continue;
    if (i - runStart >= 10 && !/\s/.test(text[runStart]!))
      findings.push({ segment: text.slice(runStart, i), start: runStart, end: i });
    runStart = i;
  }
  if (findings.length > 0) return findings;
  // A word making 60% of the text is the majority; Boyer–Moore's vote finds it in one pass over word boundaries,
  // comparing in place (ASCII case folded) so that no word is copied.
  const majority = majorityWord(text);
  if (majority && majority.count >= 6 && majority.count / majority.total >= 0.6) {
    return [{ segment: text.slice(majority.start), start: majority.start, end: text.length }];
  }
  // Very low variety: at most three distinct characters over 20 or more ("abababab...").
  if (text.length >= 20) {
    const distinct = new Set<number>();
    let nonSpace = 0;
    for (let i = 0; i < text.length && distinct.size <= 3; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) continue;
      nonSpace++;
      distinct.add(c);
    }
    if (distinct.size <= 3 && nonSpace >= 20) return [{ segment: text, start: 0, end: text.length }];
  }
  return [];
}

function foldAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function sameWord(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) {
    if (foldAscii(text.charCodeAt(aStart + i)) !== foldAscii(text.charCodeAt(bStart + i))) return false;
  }
  return true;
}

/** Space-separated words: the majority candidate, its count and where it first stands. */
function majorityWord(text: string): { start: number; count: number; total: number } | undefined {
  const words: number[] = [];
  for (let i = 0; i < text.length;) {
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < text.length && text.charCodeAt(i) !== 32) i++;
    if (i > start) words.push(start, i);
  }
  const total = words.length / 2;
  if (total < 6) return undefined;
  let candidate = 0;
  let votes = 0;
  for (let w = 0; w < words.length; w += 2) {
    if (votes === 0) {
      candidate = w;
      votes = 1;
    } else votes += sameWord(text, words[candidate]!, words[candidate + 1]!, words[w]!, words[w + 1]!) ? 1 : -1;
  }
  let count = 0;
  let first = -1;
  for (let w = 0; w < words.length; w += 2) {
    if (sameWord(text, words[candidate]!, words[candidate + 1]!, words[w]!, words[w + 1]!)) {
      count++;
      if (first < 0) first = words[w]!;
    }
  }
  return { start: first, count, total };
}
