import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type AccountState, accountStates } from '../identity/directory.js';
import { passwordPolicy } from '../identity/password-policy.js';

export const usage = `usage:
  aisp serve                                   start the service (the default command)
  aisp admin bootstrap --account A --user U [--project NAME]
                                               create an account, its administrator, project and AK/SK pair; the
                                               administrator's password (${passwordPolicy.minLength} to ${passwordPolicy.maxLength} characters) is read from
                                               AISP_ADMIN_PASSWORD, else one line of standard input (asked for,
                                               not shown, on a terminal); never from an argument
  aisp admin account-state --account A --state ${accountStates.join('|')}
  aisp admin openapi [FILE]                    write the OpenAPI document (default docs/openapi.json)
  aisp --help, -h                              this text
  aisp --version, -v                           the version

configuration: AISP_* environment variables (see the README), also read from a .env file in the working directory
(or the file AISP_ENV_FILE names); a variable set in the environment wins over the file.
SIGTERM or SIGINT stops the service gracefully: calls in flight get AISP_SHUTDOWN_DEADLINE_MS (25000) to finish.
Exit status: 0 done, 1 failed, 2 a mistake in the command line (unknown command, option or value).`;

/** What the command line asks for, its values checked. */
export type Command =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'serve' }
  | { name: 'bootstrap'; account: string; user: string; project: string }
  | { name: 'account-state'; account: string; state: AccountState }
  | { name: 'openapi'; file: string };

/** A mistake in the command line: said on stderr (the message starts with the command), with exit status 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
const help: Options = { help: { type: 'boolean', short: 'h' } };

/**
 * `parseArgs` in strict mode for one command: an unknown option, a missing value or an argument the command does not
 * take is a UsageError naming it (Node's own wording), prefixed by the command.
 */
function parse(command: string, args: string[], options: Options, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...help }, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`${command}: unexpected argument '${parsed.positionals[positionals]}'`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

function required(command: string, values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`${command}: --${name} is required`);
  return value;
}

const commands = ['serve', 'admin', 'help'];
const adminCommands = ['bootstrap', 'account-state', 'openapi'];

/** Reads the arguments after `aisp` (process.argv.slice(2)). Throws UsageError for a mistake. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    parse('aisp --version', rest, {});
    return { name: 'version' };
  }
  if (first === 'help') return { name: 'help' };
  // `serve` is the default command: `aisp`, `aisp --help` and `aisp --port 1` read as `aisp serve ...`.
  if (first === undefined || first === 'serve' || first.startsWith('-')) {
    const { values } = parse('aisp serve', first === 'serve' ? rest : argv.slice(), {});
    return values.help ? { name: 'help' } : { name: 'serve' };
  }
  if (first !== 'admin') {
    throw new UsageError(`aisp: unknown command '${first}' (commands: ${commands.join(', ')}; aisp --help says more)`);
  }
  const [sub, ...args] = rest;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return { name: 'help' };
  const command = `aisp admin ${sub}`;
  switch (sub) {
    case 'bootstrap': {
      // --password is known only to be refused (with or without a value): a value would show in the process list
      // and the shell history.
      if (args.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
        throw new UsageError(
          `${command}: --password is not taken, as an argument shows in the process list and the shell history; ` +
            'set AISP_ADMIN_PASSWORD or give the password as one line on standard input',
        );
      }
      const { values } = parse(command, args, {
        account: { type: 'string' },
        user: { type: 'string' },
        project: { type: 'string' },
      });
      if (values.help) return { name: 'help' };
      return {
        name: 'bootstrap',
        account: required(command, values, 'account'),
        user: required(command, values, 'user'),
        project: typeof values.project === 'string' && values.project !== '' ? values.project : 'default',
      };
    }
    case 'account-state': {
      const { values } = parse(command, args, { account: { type: 'string' }, state: { type: 'string' } });
      if (values.help) return { name: 'help' };
      const account = required(command, values, 'account');
      const state = required(command, values, 'state');
      if (!(accountStates as readonly string[]).includes(state)) {
        throw new UsageError(`${command}: --state '${state}' is not one of ${accountStates.join(', ')}`);
      }
      return { name: 'account-state', account, state: state as AccountState };
    }
    case 'openapi': {
      const { values, positionals } = parse(command, args, {}, 1);
      if (values.help) return { name: 'help' };
      return { name: 'openapi', file: positionals[0] ?? 'docs/openapi.json' };
    }
    default:
      throw new UsageError(`aisp admin: unknown command '${sub}' (admin commands: ${adminCommands.join(', ')})`);
  }
}
