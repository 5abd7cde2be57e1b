/**
 * Reading a regular expression's source as text: its top-level alternatives, and the source without its lookarounds.
 * semantic.ts reads its own patterns with these to derive word lists (the lead words of the Chinese rules, the words
 * whose misspellings are read); required-literals.ts parses sources fully for another question (what a match needs).
 */

/** The top-level alternatives of an expression's source (not inside a group, a class or after a backslash). */
export function topLevelBranches(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** A pattern's source without its lookarounds ("the worst(?! (?:affected|hit|...))": not words it matches). */
export function withoutLookarounds(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('(?!', i) || source.startsWith('(?=', i) || source.startsWith('(?<', i)) {
      let depth = 0;
      for (; i < source.length; i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '(') depth++;
        else if (source[i] === ')' && --depth === 0) break;
      }
      continue;
    }
    out += source[i];
  }
  return out;
}
