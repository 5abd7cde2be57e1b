import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/value';
import { closestName } from './ops/closest-name.js';

/**
 * The messages of a configuration that does not match its schema: one line per bad setting, naming where the value
 * came from (its environment variable, or its path in the config file), what is wrong with it and what it may be, all
 * read from the schema, so that every setting of a kind is explained alike and none needs a message of its own.
 */

/** What a string format accepts, in words, by format name (formats are registered with `settingFormat`). */
const formatWords = new Map<string, string>();

/** Registers a string format for settings: its check, and what it accepts, in words, for the messages. */
export function settingFormat(name: string, words: string, check: (value: string) => boolean): void {
  FormatRegistry.Set(name, check);
  formatWords.set(name, words);
}

/** Where values came from, as a message names them. */
export interface ValueOrigins {
  /** The setting's value and its source: `AISP_PORT=eighty`, `/port = "eighty" in c.json`. */
  describe(settingPath: string[], setting: TSchema): string;
  /** After the path of a key no setting has: where such keys come from (` in c.json`), or nothing. */
  keysFrom: string;
}

/** A section of settings (an object of them), as opposed to a setting whose value is an object or a list. */
export function isSection(schema: TSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined && !('default' in schema);
}

const describeRange = (noun: string, min: unknown, max: unknown): string =>
  min !== undefined && max !== undefined
    ? `${noun} from ${min} to ${max}`
    : min !== undefined
      ? `${noun} of at least ${min}`
      : max !== undefined
        ? `${noun} of at most ${max}`
        : noun;

/** What a setting may be, in words: `one of a, b`, `an integer from 0 to 65535`, `true or false`... */
export function allowedValues(schema: TSchema): string {
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as TSchema[];
    if (options.every((option) => 'const' in option)) return `one of ${options.map((o) => String(o.const)).join(', ')}`;
    return options.map(allowedValues).join(', or ');
  }
  if ('const' in schema) return String(schema.const);
  switch (schema.type) {
    case 'integer':
      return describeRange('an integer', schema.minimum, schema.maximum);
    case 'number':
      return describeRange('a number', schema.minimum, schema.maximum);
    case 'boolean':
      return 'true or false (in the environment also 1 or 0)';
    case 'null':
      return 'null';
    case 'array':
      return `a list (comma-separated in the environment) of items each ${allowedValues(schema.items as TSchema)}`;
    case 'string': {
      if (typeof schema.format === 'string') return formatWords.get(schema.format) ?? `a ${schema.format}`;
      if (typeof schema.pattern === 'string') return `text matching ${schema.pattern}`;
      return describeRange('text', schema.minLength, schema.maxLength).replace(
        / of (at \w+ \d+)$/,
        ' of $1 characters',
      );
    }
    case 'object':
      return 'an object';
    default:
      return 'a value of the documented kind';
  }
}

/** What is wrong with the value, from the check that failed. */
function problemOf(error: ValueError, inner: string[]): string {
  const schema = error.schema;
  const item = inner.length > 0 ? `item ${Number(inner[0]) + 1} (${shown(error.value)}) ` : '';
  switch (error.type) {
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `${item}is below ${schema.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `${item}is above ${schema.maximum}`;
    case ValueErrorType.StringMinLength:
      return `${item}is shorter than ${schema.minLength} characters`;
    case ValueErrorType.StringMaxLength:
      return `${item}is longer than ${schema.maxLength} characters`;
    case ValueErrorType.ObjectRequiredProperty:
      return 'is missing';
    case ValueErrorType.Integer:
      return `${item}is not an integer`;
    case ValueErrorType.Boolean:
      return `${item}is not true or false`;
    case ValueErrorType.String:
      return `${item}is not text`;
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
      return `${item}is not one of the allowed values`;
    default:
      return `${item}is not valid`;
  }
}

const cut = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** A value as a message shows it: JSON, cut short (a value is outside input and may be long). */
export function shown(value: unknown): string {
  return cut(JSON.stringify(value) ?? String(value));
}

/** A variable's text as a message shows it: control characters escaped, cut short. */
export function shownText(text: string): string {
  return cut(JSON.stringify(text).slice(1, -1));
}

const pointer = (path: string[]) => `/${path.join('/')}`;

/** One line per bad setting (the first error of each), at most `limit` of them. */
export function configErrorLines(
  root: TSchema,
  errors: Iterable<ValueError>,
  origins: ValueOrigins,
  limit = 20,
): string[] {
  const lines = new Map<string, string>();
  for (const error of errors) {
    if (lines.size >= limit) break;
    const segments = error.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    // Down the sections to the setting the error is about; what is left is inside its value (a list's item).
    let node = root;
    let depth = 0;
    while (depth < segments.length && isSection(node)) {
      const next = (node.properties as Record<string, TSchema>)[segments[depth]!];
      if (!next) break;
      node = next;
      depth++;
    }
    const settingPath = segments.slice(0, depth);
    const key = pointer(error.type === ValueErrorType.ObjectAdditionalProperties ? segments : settingPath);
    if (lines.has(key)) continue;
    if (error.type === ValueErrorType.ObjectAdditionalProperties || (isSection(node) && depth < segments.length)) {
      const unknown = segments[depth] ?? '';
      const siblings = Object.keys((node.properties ?? {}) as Record<string, TSchema>);
      const match = closestName(unknown, siblings);
      const hint = match === undefined ? '' : `; did you mean ${pointer([...settingPath, match])}?`;
      lines.set(key, `${key}${origins.keysFrom}: unknown setting${hint}`);
    } else if (isSection(node)) {
      lines.set(key, `${key}: must be an object of settings (${Object.keys(node.properties as object).join(', ')})`);
    } else {
      lines.set(
        key,
        `${origins.describe(settingPath, node)}: ${problemOf(error, segments.slice(depth))}; must be ${allowedValues(node)}`,
      );
    }
  }
  return [...lines.values()];
}
