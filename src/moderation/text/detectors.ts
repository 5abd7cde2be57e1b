/**
 * Pattern detectors that word lists cannot express: contact details and links (advertising), and meaningless text
 * (repeated characters or words). They read the original text; positions are UTF-16 [start, end).
 */
import { CodeUnits } from './normalizer.js';

export interface PatternFinding {
  segment: string;
  start: number;
  end: number;
}

/** Links and numbers: evidence shown when the model finds an ad, never an ad on their own. */
const linkPatterns: RegExp[] = [
  // Links, without the punctuation that ends the sentence around them.
  /\bhttps?:\/\/(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?/gi,
  /\bwww\.[a-z0-9-]+(\.[a-z0-9-]+)+(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?/gi,
  /\b[a-z0-9][a-z0-9-]{1,62}\.(com|net|org|cn|io|xyz|top|shop|vip|club|site|online|biz|info)\b(\/(?:[^\s<>"']*[^\s<>"'!?,.;:)）。，！？])?)?/gi,
  // Mainland China mobile numbers and international numbers written as one run.
  /(?<!\d)1[3-9]\d{9}(?!\d)/g,
  /(?<![\w+])\+\d[\d -]{8,16}\d(?!\d)/g,
];

/**
 * Contacts offered for advertising: a messaging handle named as such ("wechat: abc123", "telegram @seller",
 * "加微信 abc12345", "line id: abc"), or a phone number right after a contact cue ("call 13812345678", "电话 138...").
 * "line" counts only with "id" or a colon, so that "line items" or "online" never reads as a handle.
 */
const contactPatterns: RegExp[] = [
  /\b(?:wechat|weixin|vx|wx|qq|telegram|tg|whatsapp|kik|snapchat)(?:\s*id)?\s*(?:[:：]\s*|\s+@|\s+(?=[a-z0-9_-]*\d))@?[a-z0-9_-]{4,}\b/gi,
  /\bline\s*(?:id\s*[:：]?|[:：])\s*@?[a-z0-9_-]{4,}\b/gi,
  /(?:微信|薇信|威信|扣扣|qq群|加v|加微)\s*[:：]?\s*[a-z0-9_-]{5,}/gi,
  /(?:\b(?:call|text|txt|phone|tel|contact|whatsapp|ring)\b|电话|联系|致电|热线|手机)\s*(?:me|us|now)?\s*(?:on|at)?\s*[:：]?\s*(\+?\d[\d -]{6,16}\d)(?!\d)/dgi,
];

/**
 * The contact patterns without the last (a phone number after a cue), for a text with no run of digits that such a
 * number needs: the cue alternation was tried at every position of every text, for a number that most lack.
 */
const contactPatternsNoPhone = contactPatterns.slice(0, 3);
/** What every match of the phone-after-cue pattern holds (its number part), as a cheap test first. */
const phoneDigits = /\d[\d -]{6,16}\d/;

function collect(text: string, patterns: RegExp[], findings: PatternFinding[]): PatternFinding[] {
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      // With a capture group (and the d flag), the finding is the group: the number after "call".
      const [start, end] = m.indices?.[1] ?? [m.index, m.index + m[0].length];
      if (findings.some((f) => start >= f.start && start < f.end)) continue;
      findings.push({ segment: text.slice(start, end), start, end });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** What one pass over the text saw: enough to skip the regular expressions that cannot match. */
export interface TextScan {
  /** A digit, '@', ':' or '：', or 信/扣 (微信, 扣扣): a contact pattern may be there. */
  contactHint: boolean;
  meaningless: PatternFinding[];
}

/**
 * Contacts offered for advertising (a review finding on their own); `links` (links, bare domains, phone numbers) only
 * when asked: they are evidence shown with an ad the model found, never an ad alone.
 */
export function findAdvertising(
  text: string,
  options: { links?: boolean; scan?: TextScan } = {},
): { contacts: PatternFinding[]; links: PatternFinding[] } {
  const hint = options.scan ? options.scan.contactHint : true;
  const contacts = hint ? collect(text, phoneDigits.test(text) ? contactPatterns : contactPatternsNoPhone, []) : [];
  const links =
    options.links === false ? [] : collect(text, linkPatterns, [...contacts]).filter((f) => !contacts.includes(f));
  return { contacts, links };
}

/** Laughter is not meaningless: 哈哈哈, hahaha, lololol, 23333, 呵呵, hhhh, wwww, 666. */
const laughterRun = new Set([...'哈呵嘿嘻嘎hHwW6'].map((c) => c.charCodeAt(0)));
const laughterText =
  /^(?:[\s!?~.。！？～…]|(?:ha|he|hi|ho|ah|xd)+h?|l(?:ol)+|lmao+|rofl|哈|呵|嘿|嘻|嘎|233+|666+|w{3,}|h{3,}|k{3,}|(?:ja)+|(?:je)+)+$/i;

function isLetterOrDigit(code: number): boolean {
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

let wordStarts = new Int32Array(256);
let wordEnds = new Int32Array(256);
let wordKeys = new Int32Array(256);

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

const scanUnits = new CodeUnits();

/**
 * One pass over the text for both detectors. Meaningless text (flooding): one character 10+ times in a row that
 * stands on its own and makes at least 30% of the text, one whitespace-separated word 6+ times making 60% of the
 * words, or three distinct characters at most over 20 or more (a run counted as two). Laughter ("哈哈哈哈",
 * "hahaha", "23333") and stretched words ("sooooo", "ahhhhhh") are not meaningless.
 * It runs on every text: the per-character work is a few comparisons; words are compared by a cheap key (length,
 * first and last character) and only a majority candidate is compared in full.
 */
export function scanText(text: string): TextScan {
  const length = text.length;
  // Read as code units from a reused typed array, as the normaliser does (see CodeUnits).
  const units = scanUnits.load(text);
  let contactHint = false;
  let nonSpace = 0;
  let runStart = 0;
  let runChar = -1;
  let runs: number[] | undefined;
  let d0 = -1,
    d1 = -1,
    d2 = -1,
    distinct = 0,
    counted = 0;
  let words = 0;
  let wordStart = -1;
  for (let i = 0; i < length; i++) {
    const c = units[i]!;
    if (c !== runChar) {
      if (i - runStart >= 10) (runs ??= []).push(runStart, i);
      runStart = i;
      runChar = c;
    }
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      // Mentions and hashtags (@USER @USER @USER, #tags) are addressing, not flooding: they are not counted as words.
      const tag = wordStart >= 0 && (units[wordStart] === 64 || units[wordStart] === 35);
      if (wordStart >= 0 && !tag) {
        if (words === wordStarts.length) growWords();
        wordStarts[words] = wordStart;
        wordEnds[words] = i;
        wordKeys[words++] = (i - wordStart) * 0x10000 + foldAscii(units[wordStart]!) * 31 + foldAscii(units[i - 1]!);
      }
      wordStart = -1;
      continue;
    }
    if (wordStart < 0) wordStart = i;
    nonSpace++;
    if (!contactHint && ((c >= 48 && c <= 57) || c === 64 || c === 58 || c === 0xff1a || c === 0x4fe1 || c === 0x6263))
      contactHint = true;
    if (distinct <= 3) {
      if (c !== d0 && c !== d1 && c !== d2) {
        if (distinct === 0) d0 = c;
        else if (distinct === 1) d1 = c;
        else if (distinct === 2) d2 = c;
        distinct++;
      }
      // Outside the text, -1 (charCodeAt's NaN): no character equals it.
      if (c !== (i > 0 ? units[i - 1]! : -1) || (i + 1 < length ? units[i + 1]! : -1) !== c) counted++;
    }
  }
  if (length - runStart >= 10) (runs ??= []).push(runStart, length);
  if (wordStart >= 0 && text.charCodeAt(wordStart) !== 64 && text.charCodeAt(wordStart) !== 35) {
    if (words === wordStarts.length) growWords();
    wordStarts[words] = wordStart;
    wordEnds[words] = length;
    wordKeys[words++] =
      (length - wordStart) * 0x10000 +
      foldAscii(text.charCodeAt(wordStart)) * 31 +
      foldAscii(text.charCodeAt(length - 1));
  }
  const meaningless: PatternFinding[] = [];
  if (runs) {
    for (let r = 0; r < runs.length; r += 2) {
      const start = runs[r]!;
      const end = runs[r + 1]!;
      const code = text.charCodeAt(start);
      if (isSpace(code) || laughterRun.has(code) || end - start < nonSpace * 0.3) continue;
      if (
        isLetterOrDigit(code) &&
        (isLetterOrDigit(text.charCodeAt(start - 1)) || isLetterOrDigit(text.charCodeAt(end)))
      )
        continue;
      meaningless.push({ segment: text.slice(start, end), start, end });
    }
    if (meaningless.length > 0) return { contactHint, meaningless };
  }
  if (nonSpace < 12) return { contactHint, meaningless };
  // A word making 60% of the words: Boyer–Moore's vote over the keys, then a full count for the candidate.
  if (words >= 6) {
    let candidate = 0;
    let votes = 0;
    for (let w = 0; w < words; w++) {
      if (votes === 0) {
        candidate = w;
        votes = 1;
      } else votes += wordKeys[w] === wordKeys[candidate] ? 1 : -1;
    }
    if (votes > 0) {
      const cs = wordStarts[candidate]!;
      const ce = wordEnds[candidate]!;
      let count = 0;
      let first = -1;
      for (let w = 0; w < words; w++) {
        if (wordKeys[w] === wordKeys[candidate] && sameWord(text, cs, ce, wordStarts[w]!, wordEnds[w]!)) {
          count++;
          if (first < 0) first = wordStarts[w]!;
        }
      }
      if (count >= 6 && count / words >= 0.6 && !laughterText.test(text)) {
        return { contactHint, meaningless: [{ segment: text.slice(first), start: first, end: length }] };
      }
    }
  }
  // Very low variety: at most three distinct characters over 20 or more, a run of one character counting twice.
  if (distinct <= 3 && counted >= 20 && !laughterText.test(text))
    meaningless.push({ segment: text, start: 0, end: length });
  return { contactHint, meaningless };
}

function growWords(): void {
  const grow = (a: Int32Array) => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  wordStarts = grow(wordStarts);
  wordEnds = grow(wordEnds);
  wordKeys = grow(wordKeys);
}

export function findMeaningless(text: string): PatternFinding[] {
  return scanText(text).meaningless;
}
