import { readFileSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';

type Env = Record<string, string | undefined>;

/**
 * Settings from a `.env` file (`NAME=value` lines, `#` comments, quoted values, as Node's own `--env-file` reads
 * them), added to `env` where the environment does not set them already: a variable set in the real environment
 * always wins, even when set to an empty value. The file is `.env` in `cwd` (absent: nothing happens), or the one
 * AISP_ENV_FILE names (absent: an error, since it was asked for). Returns the file read and the names it set.
 */
export function loadEnvFile(
  env: Env = process.env,
  cwd: string = process.cwd(),
): { file: string; applied: string[] } | undefined {
  const named = env.AISP_ENV_FILE;
  const file = path.resolve(cwd, named || '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!named && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the env file ${file}: ${(error as Error).message}`);
  }
  // util.parseEnv is Node's own .env parser (Node 20.12 and later).
  const parseEnv = (util as { parseEnv?: (content: string) => Record<string, string> }).parseEnv;
  if (!parseEnv) throw new Error(`${file} needs Node.js 20.12 or later to be read (this is ${process.version})`);
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (name in env) continue;
    env[name] = value;
    applied.push(name);
  }
  return { file, applied };
}
