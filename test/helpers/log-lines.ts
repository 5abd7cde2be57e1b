import { PassThrough } from 'node:stream';

/** A log line as pino writes it: its level, message and whatever fields the call added. */
export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** A stream to give the server as its log (`logStream`), and the JSON lines written to it so far. */
export function captureLog(): { stream: PassThrough; lines: LogLine[] } {
  const stream = new PassThrough();
  const lines: LogLine[] = [];
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const line of parts.filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
  });
  return { stream, lines };
}
