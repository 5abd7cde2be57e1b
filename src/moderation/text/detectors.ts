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

/** Flooding: one character 10+ times in a row, one word 6+ times making most of the text, or very low variety. */
export function findFlooding(text: string): PatternFinding[] {
  const findings: PatternFinding[] = [];
  for (const m of text.matchAll(/(\S)\1{9,}/gu)) findings.push({ segment: m[0], start: m.index, end: m.index + m[0].length });
  if (findings.length > 0) return findings;
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length >= 6) {
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const [word, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (count >= 6 && count / words.length >= 0.6) {
      const start = text.toLowerCase().indexOf(word);
      return [{ segment: text.slice(start), start, end: text.length }];
    }
  }
  const compact = text.replace(/\s/g, '');
  if (compact.length >= 40 && new Set(compact).size / compact.length < 0.08) {
    return [{ segment: text, start: 0, end: text.length }];
  }
  return [];
}
