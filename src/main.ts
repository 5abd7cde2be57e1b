#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from './config.js';
import { type Command, parseCommandLine, usage, UsageError } from './cli/command-line.js';
import { readAdminPassword } from './cli/password-input.js';
import type { BootstrapResult, IdentityService } from './identity/index.js';
import { loadEnvFile } from './ops/env-file.js';
import { packageVersion } from './ops/package-version.js';
import { stopOnSignals } from './ops/shutdown.js';

/** The platform's code, loaded only for the commands that run it: `--help` and `--version` answer at once. */
const platformModule = () => import('./app.js');

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
  const platform = await (await platformModule()).buildPlatform(config);
  // Names only: values may be secrets.
  if (envFile) platform.app.log.info({ file: envFile.file, variables: envFile.applied }, 'read settings from env file');
  await bootstrapOnStart(config, platform.identity, (msg) => platform.app.log.info(msg));
  await platform.app.listen({ host: config.host, port: config.port });
  stopOnSignals(platform, config.shutdownDeadlineMs);
}

/** The admin commands, against the configured database, without the background workers. */
async function admin(command: Exclude<Command, { name: 'help' | 'version' | 'serve' }>): Promise<void> {
  loadEnvFile();
  // Read before anything starts, and taken out of the environment (readAdminPassword), so nothing inherits it.
  const password =
    command.name === 'bootstrap'
      ? await readAdminPassword({ env: process.env, input: process.stdin, prompt: process.stderr })
      : undefined;
  const config = loadConfig(process.env, { logLevel: 'warn', moderation: { warmUpClassifier: false } });
  // The log goes to stderr: stdout is the command's answer (JSON for bootstrap), for scripts to read.
  const platform = await (await platformModule()).buildPlatform(config, { workers: false, logStream: process.stderr });
  try {
    switch (command.name) {
      case 'bootstrap': {
        const { account, user, project } = command;
        const result = await platform.identity.bootstrap({ account, user, password: password!, project });
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
        const account = await platform.identity.directory.findAccountByName(command.account);
        if (!account) throw new Error(`there is no account "${command.account}"`);
        await platform.identity.directory.setAccountState(account.id, command.state);
        console.log(`account "${account.name}" is now ${command.state}`);
        break;
      }
      case 'openapi': {
        writeFileSync(command.file, JSON.stringify(platform.app.swagger(), null, 2) + '\n');
        console.log(`wrote ${command.file}`);
        break;
      }
    }
  } finally {
    await platform.close();
  }
}

/** Exit status 0 done, 1 failed, 2 a mistake in the command line (said on stderr, naming it; no usage dump). */
async function main(argv: string[]): Promise<void> {
  const command = parseCommandLine(argv);
  switch (command.name) {
    case 'help':
      console.log(usage);
      return;
    case 'version':
      console.log(packageVersion);
      return;
    case 'serve':
      return serve();
    default:
      return admin(command);
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(error instanceof UsageError ? 2 : 1);
});
