#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildPlatform } from './app.js';
import { type Config, loadConfig } from './config.js';
import { type AccountState, accountStates, type BootstrapResult, type IdentityService } from './identity/index.js';
import { loadEnvFile } from './ops/env-file.js';
import { stopOnSignals } from './ops/shutdown.js';

const usage = `usage:
  aisp serve                                   start the service (the default command)
  aisp admin bootstrap --account A --user U --password P [--project NAME]
                                               create an account, its administrator, project and AK/SK pair
  aisp admin account-state --account A --state normal|frozen|restricted
  aisp admin openapi [FILE]                    write the OpenAPI document (default docs/openapi.json)
  aisp --help                                  this text

configuration: AISP_* environment variables (see the README), also read from a .env file in the working directory
(or the file AISP_ENV_FILE names); a variable set in the environment wins over the file.
SIGTERM or SIGINT stops the service gracefully: calls in flight get AISP_SHUTDOWN_DEADLINE_MS (25000) to finish.`;

const helpFlags = new Set(['--help', '-h', 'help']);

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Credentials created at start-up go to a file only the owner can read, never to the log. */
function writeCredentialsFile(
  config: Config,
  result: BootstrapResult,
  account: string,
  user: string,
  password?: string,
): string {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = path.resolve(config.dataDir, 'bootstrap-credentials.json');
  const content = {
    account,
    user,
    ...(password ? { password } : {}),
    project_id: result.projectId,
    access_key: result.accessKey,
    secret_key: result.secretKey,
  };
  writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  return file;
}

async function bootstrapOnStart(config: Config, identity: IdentityService, log: (msg: string) => void): Promise<void> {
  if (config.bootstrap) {
    const result = await identity.bootstrap(config.bootstrap);
    if (result.created)
      log(
        `bootstrap: created account "${config.bootstrap.account}"; AK/SK written to ${writeCredentialsFile(config, result, config.bootstrap.account, config.bootstrap.user)}`,
      );
    return;
  }
  if (await identity.directory.hasAnyAccount()) return;
  const generated = {
    account: 'default',
    user: 'admin',
    password: randomBytes(12).toString('base64url'),
    project: 'default',
  };
  const result = await identity.bootstrap(generated);
  log(
    `bootstrap: first start, created account "default" with user "admin"; password and AK/SK written to ${writeCredentialsFile(config, result, 'default', 'admin', generated.password)}`,
  );
}

async function serve(): Promise<void> {
  const envFile = loadEnvFile();
  const config = loadConfig();
  const platform = await buildPlatform(config);
  // Names only: values may be secrets.
  if (envFile) platform.app.log.info({ file: envFile.file, variables: envFile.applied }, 'read settings from env file');
  await bootstrapOnStart(config, platform.identity, (msg) => platform.app.log.info(msg));
  await platform.app.listen({ host: config.host, port: config.port });
  stopOnSignals(platform, config.shutdownDeadlineMs);
}

async function admin(args: string[]): Promise<void> {
  loadEnvFile();
  const config = loadConfig(process.env, { logLevel: 'warn', moderation: { warmUpClassifier: false } });
  const platform = await buildPlatform(config, { workers: false });
  try {
    switch (args[0]) {
      case 'bootstrap': {
        const account = option(args, 'account');
        const user = option(args, 'user');
        const password = option(args, 'password');
        if (!account || !user || !password) throw new Error(usage);
        const result = await platform.identity.bootstrap({
          account,
          user,
          password,
          project: option(args, 'project') ?? 'default',
        });
        if (!result.created) throw new Error(`account "${account}" exists already; nothing changed`);
        // The secret key is shown once, to the operator who asked for it, as IAM does.
        console.log(
          JSON.stringify(
            {
              account_id: result.accountId,
              project_id: result.projectId,
              user_id: result.userId,
              access_key: result.accessKey,
              secret_key: result.secretKey,
            },
            null,
            2,
          ),
        );
        break;
      }
      case 'account-state': {
        const account = await platform.identity.directory.findAccountByName(option(args, 'account') ?? '');
        const state = option(args, 'state') as AccountState;
        if (!account || !accountStates.includes(state)) throw new Error(usage);
        await platform.identity.directory.setAccountState(account.id, state);
        console.log(`account "${account.name}" is now ${state}`);
        break;
      }
      case 'openapi': {
        const file = args[1] ?? 'docs/openapi.json';
        writeFileSync(file, JSON.stringify(platform.app.swagger(), null, 2) + '\n');
        console.log(`wrote ${file}`);
        break;
      }
      default:
        throw new Error(usage);
    }
  } finally {
    await platform.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
// `aisp --help`, `aisp serve --help`, `aisp admin --help`: only in those places, since a value (a password) may be
// any word.
if ([command, rest[0]].some((arg) => arg !== undefined && helpFlags.has(arg))) {
  console.log(usage);
  process.exit(0);
}
const run =
  command === 'serve' || command === undefined
    ? serve()
    : command === 'admin'
      ? admin(rest)
      : Promise.reject(new Error(usage));
run.catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
