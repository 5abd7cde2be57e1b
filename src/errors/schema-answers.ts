import { ApiError } from './api-error.js';
import type { ErrorCode } from './catalogue.js';
import { compareBySchemaOrder, type FailureKind, type SchemaAnswer, type SchemaFailure } from './schema-check.js';

/**
 * What each family answers for a body its route schema refuses, as the per-family side of `schema-check.ts`: which
 * failure answers (the family's documented order of checks) and with which of the catalogue's codes.
 */

/** A failure at the end of a path that is a list index (`/urls/3`): an element rather than a named field. */
const isListElement = (failure: SchemaFailure) => /\/\d+$/.test(failure.path);

export interface AisCodes {
  /** Fields whose value outside the documented list has its own code (an unknown event type is AIS.0005). */
  enumCodes?: Record<string, ErrorCode>;
  /** Fields whose wrong type has its own code (an image `url` that is not a string is AIS.0022). */
  typeCodes?: Record<string, ErrorCode>;
}

const aisKinds: readonly FailureKind[] = ['missing', 'empty', 'type', 'range', 'format', 'enum'];

/**
 * Content Moderation checks field by field in the order the route schema declares them, and for one field: present,
 * type, form, then the documented values. AIS.0011 a required field missing or empty (null included, except inside a
 * list of strings, where null is a wrong type), AIS.0401 a wrong type or form, AIS.0012 a value the API does not
 * support, with the overrides a route names.
 */
export function aisAnswer(codes: AisCodes = {}): SchemaAnswer {
  const compare = compareBySchemaOrder(aisKinds);
  return (failures) => {
    const first = failures.sort(compare)[0]!;
    if (first.value === '') return new ApiError('AIS.0011');
    switch (first.kind) {
      case 'missing':
      case 'empty':
        return new ApiError('AIS.0011');
      case 'type':
        if (first.value === null && !(isListElement(first) && first.schema.type !== 'object')) {
          return new ApiError('AIS.0011');
        }
        return new ApiError(codes.typeCodes?.[first.path] ?? 'AIS.0401');
      case 'enum':
        return new ApiError(codes.enumCodes?.[first.path] ?? 'AIS.0012');
      default:
        return new ApiError('AIS.0401');
    }
  };
}

export interface ModelArtsRules {
  /** Required fields whose absence (or null, or '') has its own code, answered before any type: endpoint_name 0104. */
  required?: Record<string, ErrorCode>;
  /** ModelArts.0101 rules the schema states, by path, worded `<field> <rule>`; answered after the types. */
  invalid?: Record<string, string>;
  /** Fields whose form has its own code (endpoint_name: ModelArts.6274), answered after the 0101 rules. */
  format?: Record<string, ErrorCode>;
}

const isAbsent = (failure: SchemaFailure) =>
  failure.kind === 'missing' || failure.kind === 'empty' || failure.value === null;

/**
 * The ModelArts management APIs check by kind across the whole body, as the README's custom-endpoint order says
 * (after the permission and the dangerous characters, which run before any schema): a required name, then every
 * field's type (ModelArts.2115, one wording for all), then the value rules, then the name's form. Failures of no
 * listed rule are left to the route's code, which checks them in their place (limits capped by a model, say).
 */
export function modelArtsAnswer(rules: ModelArtsRules): SchemaAnswer {
  return (failures) => {
    const required = failures.find((f) => rules.required?.[f.path] && isAbsent(f));
    if (required) return new ApiError(rules.required![required.path]!);
    if (failures.some((f) => f.kind === 'type')) return new ApiError('ModelArts.2115');
    const broken = failures.find((f) => rules.invalid?.[f.path] !== undefined);
    if (broken) return new ApiError('ModelArts.0101', `${broken.path.slice(1)} ${rules.invalid![broken.path]}`);
    const malformed = failures.find((f) => rules.format?.[f.path] && (f.kind === 'format' || f.kind === 'empty'));
    if (malformed) return new ApiError(rules.format![malformed.path]!);
    return undefined;
  };
}

export interface IamRules {
  /** The parameter each path answers with (the longest listed prefix of a failure's path): `user.name`... */
  names: Record<string, string>;
  /** Paths whose too-short value has its own wording after the name (a password under 8 characters). */
  tooShort?: Record<string, string>;
  /** Paths whose failures are not the client's mistake here (the field is read only where it is an object). */
  ignored?: readonly string[];
}

const iamKinds: readonly FailureKind[] = ['missing', 'empty', 'type', 'range', 'format', 'enum'];

/**
 * IAM checks field by field in the route schema's order and answers IAM.0002 naming the parameter, in the
 * wording the identity API has always used (an absent `user` object names its first field, `user.name`).
 */
export function iamAnswer(rules: IamRules): SchemaAnswer {
  const compare = compareBySchemaOrder(iamKinds);
  const prefixes = Object.keys(rules.names).sort((a, b) => b.length - a.length);
  return (failures) => {
    const wrong = failures.filter((f) => !rules.ignored?.includes(f.path)).sort(compare);
    const first = wrong[0];
    if (!first) return undefined;
    const prefix = prefixes.find((p) => first.path === p || first.path.startsWith(`${p}/`));
    const name = prefix ? rules.names[prefix]! : first.path.slice(1).replace(/\//g, '.');
    const short = rules.tooShort?.[first.path];
    const minLength = (first.schema.minLength as number | undefined) ?? 0;
    if (short && first.kind === 'range' && typeof first.value === 'string' && first.value.length < minLength) {
      return new ApiError('IAM.0002', `${name} ${short}`);
    }
    return new ApiError('IAM.0002', name);
  };
}

/**
 * One code whose message names the rule broken (AIS.0604 for glossaries), by the longest listed prefix of the first
 * failure's path in schema order (`*` stands for a list index); an absent required field is AIS.0011 before anything.
 */
export function aisRuleAnswer(code: ErrorCode, rules: Record<string, string>): SchemaAnswer {
  const compare = compareBySchemaOrder(aisKinds);
  const prefixes = Object.keys(rules).sort((a, b) => b.length - a.length);
  return (failures) => {
    if (failures.some((f) => f.kind === 'missing')) return new ApiError('AIS.0011');
    const path = failures.sort(compare)[0]!.path.replace(/\/\d+(?=\/|$)/g, '/*');
    const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}/`));
    return new ApiError(code, ...(prefix ? [rules[prefix]!] : []));
  };
}

/**
 * A failure's kind as an ordered check names it: `null` is a value of the wrong type that is null, which `type` does
 * not catch (these APIs read a null field as an absent one, a null list item as a wrong type).
 */
export type CheckedKind = FailureKind | 'null';

/**
 * One check of a route's documented order: the answer for the failures it catches, or undefined when it catches none
 * (the next check in the order is asked).
 */
export type OrderedCheck = (failures: readonly SchemaFailure[]) => ApiError | undefined;

const indexPattern = /\/\d+(?=\/|$)/g;
const inSchemaOrder = compareBySchemaOrder(['missing', 'empty', 'type', 'range', 'format', 'enum']);

/**
 * The failures at `path` (`*` standing for any list index: `/ip_whitelist/*`) of the listed kinds, answered by
 * `answer` for the first of them in schema order (the first list item that breaks the check).
 */
export function answers(
  path: string,
  kinds: readonly CheckedKind[],
  answer: (failure: SchemaFailure) => ApiError,
  when?: (failure: SchemaFailure) => boolean,
): OrderedCheck {
  const catches = (failure: SchemaFailure) => {
    if (failure.path.replace(indexPattern, '/*') !== path) return false;
    const kind: CheckedKind = failure.kind === 'type' && failure.value === null ? 'null' : failure.kind;
    return kinds.includes(kind) && (when?.(failure) ?? true);
  };
  return (failures) => {
    const caught = failures.filter(catches);
    return caught.length > 0 ? answer(caught.sort(inSchemaOrder)[0]!) : undefined;
  };
}

/** A path as the APIs name a parameter: `/replicas/3/api_key` is `replicas[3].api_key`. */
export function parameterName(path: string): string {
  return path
    .slice(1)
    .split('/')
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((name, key) => (/^\d+$/.test(key) ? `${name}[${key}]` : name ? `${name}.${key}` : key), '');
}

/**
 * A field the schema does not list, in an object at `parent` (`*` for any list index), answered by `answer` for the
 * first such field in the body's order.
 */
export function unknownField(parent: string, answer: (failure: SchemaFailure) => ApiError): OrderedCheck {
  return (failures) => {
    const first = failures.find(
      (f) => f.kind === 'unknown' && f.path.slice(0, f.path.lastIndexOf('/')).replace(indexPattern, '/*') === parent,
    );
    return first ? answer(first) : undefined;
  };
}

/** A value of another JSON type, null aside: a body that does not decode (ModelArts.2115, one wording for all). */
export const decodes = (path: string): OrderedCheck => answers(path, ['type'], () => new ApiError('ModelArts.2115'));

/** ModelArts.0101 naming the field and the rule it breaks (`allow_all is required`). */
export const breaks = (
  path: string,
  kinds: readonly CheckedKind[],
  message: string,
  when?: (failure: SchemaFailure) => boolean,
): OrderedCheck => answers(path, kinds, () => new ApiError('ModelArts.0101', message), when);

/** List items checked one after the other, each for its type, null included (2115), then its rule (0101). */
export const eachItem = (path: string, message: string): OrderedCheck =>
  answers(path, ['type', 'null', 'empty', 'range', 'format', 'enum'], (failure) =>
    failure.kind === 'type' ? new ApiError('ModelArts.2115') : new ApiError('ModelArts.0101', message),
  );

/**
 * The items of a list of objects one after the other: the first item that breaks one of `checks` answers, by the
 * first of them (in their order) that it breaks.
 */
export function itemByItem(listPath: string, checks: readonly OrderedCheck[]): OrderedCheck {
  const itemIndex = new RegExp(`^${listPath}/(\\d+)(?:/|$)`);
  return (failures) => {
    const byItem = new Map<number, SchemaFailure[]>();
    for (const failure of failures) {
      const match = itemIndex.exec(failure.path);
      if (match) byItem.set(Number(match[1]), [...(byItem.get(Number(match[1])) ?? []), failure]);
    }
    for (const index of [...byItem.keys()].sort((a, b) => a - b)) {
      for (const check of checks) {
        const answer = check(byItem.get(index)!);
        if (answer) return answer;
      }
    }
    return undefined;
  };
}

/** The answer of the first check, in the listed order, that one of the failures breaks; undefined when none does. */
function firstInOrder(failures: readonly SchemaFailure[], checks: readonly OrderedCheck[]): ApiError | undefined {
  if (failures.length === 0) return undefined;
  for (const check of checks) {
    const answer = check(failures);
    if (answer) return answer;
  }
  return undefined;
}

/** Throws the answer of the first check that one of the failures breaks (one stage of a route's order). */
export function answerInOrder(failures: readonly SchemaFailure[], checks: readonly OrderedCheck[]): void {
  const answer = firstInOrder(failures, checks);
  if (answer) throw answer;
}

/**
 * The MaaS management APIs that check field by field in a listed order (API keys, model services, statistics,
 * operator models): the first listed check a failure breaks answers, ModelArts.2115 for a value that does not decode
 * or ModelArts.0101 naming the rule. Failures no check lists are left to the route's code.
 */
export function modelArtsInOrder(checks: readonly OrderedCheck[]): SchemaAnswer {
  return (failures) => firstInOrder(failures, checks);
}
