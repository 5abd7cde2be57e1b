/**
 * Literals a regular expression cannot match without, read from its source, for a cheap pre-test before the
 * expression runs: most sentences the patterns are tried on (a violent verb in everyday use, "the bomb", "shoot a
 * few photos") lack a word every alternative needs (<g>, "wall", "bullet"), and `includes` finds that out for far
 * less than the engine, which tries each pattern at every position.
 *
 * The answer is a list of clauses, all of which must hold; a clause holds when the text contains at least one of its
 * literals. It is sound (never rules out a text the expression matches) for the syntax the patterns use: literals,
 * escapes, classes, groups, alternation, quantifiers and lookarounds. Anything else (a case-insensitive flag, a
 * back-reference, a syntax it does not know) gives no clauses, so the expression always runs.
 */

/** One alternative of a clause set: the literals of one clause (any one suffices). */
type Clause = string[];

/** A parsed piece: its clauses, and the literal it is when it is exactly one fixed character (to join runs). */
interface Piece {
  clauses: Clause[];
  char?: string;
  /** Zero-width (an anchor or a lookaround): it neither adds to nor breaks a run of literal characters. */
  zeroWidth?: boolean;
}

class Unsupported extends Error {}

/** Escapes whose character stands for itself (\. \- \/ ...); letters and digits are classes or references. */
function escapedLiteral(c: string): string | undefined {
  if (/[a-zA-Z0-9]/.test(c)) {
    const controls: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
    return controls[c];
  }
  return c;
}

/**
 * Literals this short (a space, "is", " in ", " to ") are in nearly every sentence: a clause holding one rules
 * nothing out. Spaces do not count: the canonical text has one between any two words.
 */
const MIN_LITERAL = 3;
const weak = (c: Clause) => c.some((l) => l.trim().length < MIN_LITERAL);

/** Of two clauses, the one worth testing: no short literal, then the fewest literals, then the longest shortest. */
function better(a: Clause, b: Clause): Clause {
  if (weak(a) !== weak(b)) return weak(a) ? b : a;
  if (a.length !== b.length) return a.length < b.length ? a : b;
  const shortest = (c: Clause) => Math.min(...c.map((l) => l.length));
  return shortest(b) > shortest(a) ? b : a;
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Clause[] {
    const out = this.alternation();
    if (this.i !== this.src.length) throw new Unsupported('unbalanced');
    return out;
  }

  /** a|b|c: each alternative must give a clause; their literals join into one clause. */
  private alternation(): Clause[] {
    const branches: Clause[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    const joined: string[] = [];
    for (const clauses of branches) {
      if (clauses.length === 0) return [];
      joined.push(...clauses.reduce(better));
    }
    return [[...new Set(joined)]];
  }

  /** A run of pieces: all their clauses hold, and adjacent fixed characters join into one literal. */
  private sequence(): Clause[] {
    const clauses: Clause[] = [];
    let run = '';
    const endRun = () => {
      if (run) clauses.push([run]);
      run = '';
    };
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const piece = this.quantified();
      if (piece.char !== undefined) run += piece.char;
      else {
        // A zero-width piece keeps the run: the characters on either side are still adjacent in the text.
        if (!piece.zeroWidth) endRun();
        clauses.push(...piece.clauses);
      }
    }
    endRun();
    return clauses;
  }

  /** An atom and its quantifier: optional or repeatable atoms keep their clauses only when required once. */
  private quantified(): Piece {
    const atom = this.atom();
    const c = this.src[this.i];
    let min: number | undefined;
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        min = Number(m[1]);
        this.i += m[0].length - 1;
      }
    }
    if (min === undefined) return atom;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy
    if (atom.zeroWidth) throw new Unsupported('quantified assertion');
    if (min === 0) return { clauses: [] };
    // Repeated, a character is no longer one fixed character: "a+" need not be next to what follows as "a".
    return { clauses: atom.char !== undefined ? [[atom.char]] : atom.clauses };
  }

  private atom(): Piece {
    const c = this.src[this.i]!;
    if (c === '(') {
      this.i++;
      let lookaround: 'positive' | 'negative' | undefined;
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?<=', this.i)) {
        this.i += this.src[this.i + 1] === '<' ? 3 : 2;
        lookaround = 'positive';
      } else if (this.src.startsWith('?!', this.i) || this.src.startsWith('?<!', this.i)) {
        this.i += this.src[this.i + 1] === '<' ? 3 : 2;
        lookaround = 'negative';
      } else if (this.src[this.i] === '?') throw new Unsupported('named group');
      const inner = this.alternation();
      if (this.src[this.i] !== ')') throw new Unsupported('unclosed group');
      this.i++;
      // What a positive lookaround sees is in the text too; a negative one requires nothing.
      if (lookaround === 'negative') return { clauses: [], zeroWidth: true };
      if (lookaround === 'positive') return { clauses: inner, zeroWidth: true };
      return { clauses: inner };
    }
    if (c === '[') {
      // A class: skip to its closing bracket (escapes inside are skipped whole).
      this.i++;
      if (this.src[this.i] === '^') this.i++;
      if (this.src[this.i] === ']') this.i++;
      while (this.i < this.src.length && this.src[this.i] !== ']') this.i += this.src[this.i] === '\\' ? 2 : 1;
      if (this.src[this.i] !== ']') throw new Unsupported('unclosed class');
      this.i++;
      return { clauses: [] };
    }
    if (c === '\\') {
      const e = this.src[this.i + 1];
      if (e === undefined) throw new Unsupported('trailing escape');
      this.i += 2;
      if (e === 'b' || e === 'B') return { clauses: [], zeroWidth: true };
      if (/[1-9k]/.test(e)) throw new Unsupported('back-reference');
      if (e === 'u' || e === 'x' || e === 'c' || e === 'p' || e === 'P') throw new Unsupported('code escape');
      const literal = escapedLiteral(e);
      return literal !== undefined ? { clauses: [], char: literal } : { clauses: [] };
    }
    this.i++;
    if (c === '^' || c === '$') return { clauses: [], zeroWidth: true };
    if (c === '.') return { clauses: [] };
    if (c === ')' || c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']' || c === '|')
      throw new Unsupported(`stray ${c}`);
    return { clauses: [], char: c };
  }
}

/** One key for a clause whatever the order of its literals (clauses alike are tested once). */
const clauseKey = (clause: Clause) => [...clause].sort().join('\u0000');

/**
 * The clauses `re` needs (see the module comment), those worth testing: short literals (a space, one letter) are in
 * nearly every sentence.
 */
export function requiredLiterals(re: RegExp): string[][] {
  if (re.flags.includes('i') || re.flags.includes('v')) return [];
  let clauses: Clause[];
  try {
    clauses = new Parser(re.source).parse();
  } catch (e) {
    if (e instanceof Unsupported) return [];
    throw e;
  }
  const worth = clauses.filter((c) => !weak(c));
  return [...new Map(worth.map((c) => [clauseKey(c), c])).values()];
}

const escaped = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * The pre-test for a list of patterns on one text: each pattern's clauses (requiredLiterals), each distinct clause
 * tested at most once per text, as many patterns share one (the violent verbs, <g>). A clause of a few literals is
 * tested by `includes`; a longer one (the list of violent verbs) by one expression of its literals, which the engine
 * scans as a single alternation.
 */
export class LiteralGate {
  private readonly clausesOf: Int32Array[];
  private readonly tests: ((text: string) => boolean)[] = [];
  /** Per clause: the text generation it was last tested for, and the answer then. */
  private readonly testedIn: Int32Array;
  private readonly held: Uint8Array;
  private generation = 0;
  private text = '';

  constructor(patterns: readonly RegExp[]) {
    const ids = new Map<string, number>();
    const sizes: number[] = [];
    this.clausesOf = patterns.map((re) => {
      const own: number[] = [];
      for (const clause of requiredLiterals(re)) {
        const key = clauseKey(clause);
        let id = ids.get(key);
        if (id === undefined) {
          id = this.tests.length;
          ids.set(key, id);
          this.tests.push(LiteralGate.tester(clause));
          sizes.push(clause.length);
        }
        own.push(id);
      }
      // Clauses of fewer literals first: the cheapest test that can rule the text out runs first.
      return Int32Array.from(own.sort((a, b) => sizes[a]! - sizes[b]!));
    });
    this.testedIn = new Int32Array(this.tests.length).fill(-1);
    this.held = new Uint8Array(this.tests.length);
  }

  private static tester(clause: string[]): (text: string) => boolean {
    if (clause.length <= 4)
      return (text) => {
        for (const literal of clause) if (text.includes(literal)) return true;
        return false;
      };
    const any = new RegExp(clause.map(escaped).join('|'));
    return (text) => any.test(text);
  }

  /** Starts on a new text: answers remembered for the last one are dropped. */
  load(text: string): void {
    this.text = text;
    this.generation++;
  }

  /** Whether pattern `p` can match the loaded text: false when one of its clauses has none of its literals there. */
  mayMatch(p: number): boolean {
    for (const id of this.clausesOf[p]!) {
      if (this.testedIn[id] !== this.generation) {
        this.testedIn[id] = this.generation;
        this.held[id] = this.tests[id]!(this.text) ? 1 : 0;
      }
      if (this.held[id] === 0) return false;
    }
    return true;
  }
}
