import type { Readable, Writable } from 'node:stream';
import { passwordKeepsPolicy, passwordRule } from '../identity/password-policy.js';
import { UsageError } from './command-line.js';

/** The environment variable the admin commands take a password from (removed once read). */
export const adminPasswordVariable = 'AISP_ADMIN_PASSWORD';

/** A password line is short: more than this on standard input before a line end is not a password. */
const maxLineBytes = 4096;
/** Piped input that neither ends nor brings a line in this long (a terminal-less job waiting on nothing) stops. */
const pipeTimeoutMs = 30_000;

interface Terminal extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface PasswordSources {
  env: NodeJS.ProcessEnv;
  input: Terminal;
  /** Where a terminal prompt goes (stderr, so that stdout stays the command's JSON answer). */
  prompt: Writable;
}

/**
 * The administrator's password for `aisp admin bootstrap`: AISP_ADMIN_PASSWORD when set (then deleted from the
 * environment, so that nothing the command starts inherits it), else standard input: on a terminal asked for twice
 * without echo, otherwise its first line. Never an argument (see command-line.ts). It must keep the password policy
 * the IAM API applies; a password that does not is a UsageError that does not show it.
 */
export async function readAdminPassword(sources: PasswordSources): Promise<string> {
  const fromEnv = sources.env[adminPasswordVariable];
  delete sources.env[adminPasswordVariable];
  let password: string;
  if (fromEnv) {
    password = fromEnv;
  } else if (sources.input.isTTY && sources.input.setRawMode) {
    password = await askHidden(sources.input, sources.prompt, 'password for the administrator: ');
    if ((await askHidden(sources.input, sources.prompt, 'the same again: ')) !== password) {
      throw new UsageError('aisp admin bootstrap: the two passwords differ');
    }
  } else {
    const line = await firstLine(sources.input);
    if (line === undefined || line === '') {
      throw new UsageError(
        `aisp admin bootstrap: no password: set ${adminPasswordVariable} or give the password as one line on standard input`,
      );
    }
    password = line;
  }
  if (!passwordKeepsPolicy(password)) throw new UsageError(`aisp admin bootstrap: the password ${passwordRule}`);
  return password;
}

/** The first line of piped input (without its line end), or undefined when the input ends empty. */
async function firstLine(input: Readable): Promise<string | undefined> {
  const timer = setTimeout(
    () =>
      input.destroy(
        new UsageError(`aisp admin bootstrap: no password line on standard input within ${pipeTimeoutMs / 1000} s`),
      ),
    pipeTimeoutMs,
  );
  let read = Buffer.alloc(0);
  try {
    for await (const chunk of input) {
      read = Buffer.concat([read, chunk as Buffer]);
      const end = read.indexOf(0x0a);
      if (end >= 0) return withoutCarriageReturn(read.subarray(0, end).toString('utf8'));
      if (read.length > maxLineBytes)
        throw new UsageError(`aisp admin bootstrap: the password line is longer than ${maxLineBytes} bytes`);
    }
    return read.length > 0 ? withoutCarriageReturn(read.toString('utf8')) : undefined;
  } finally {
    clearTimeout(timer);
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Asks on a terminal with echo off (raw mode): Enter ends, Backspace deletes, Ctrl-C or Ctrl-D cancels. */
function askHidden(input: Terminal, output: Writable, question: string): Promise<string> {
  output.write(question);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const finish = (result: () => void) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      result();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(() => resolve(typed.join('')));
        if (char === '\u0003' || char === '\u0004')
          return finish(() => reject(new UsageError('aisp admin bootstrap: cancelled')));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed.push(char);
      }
    };
    input.on('data', onData);
  });
}
