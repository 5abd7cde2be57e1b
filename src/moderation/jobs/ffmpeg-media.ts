import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { OutboundFailure } from '../../net/outbound-failure.js';

/** ffmpeg: from AISP_FFMPEG_PATH, else the static build that the @ffmpeg-installer/ffmpeg package ships. */
export function ffmpegPath(configured?: string): string {
  if (configured) return configured;
  const require = createRequire(import.meta.url);
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/**
 * How ffmpeg opens its input: the options up to and including `-i`, the environment it runs in, and whether the
 * input is a network stream (an input ffmpeg cannot read is then unreachable, not an unsupported file).
 */
export interface FfmpegInput {
  args: string[];
  env: NodeJS.ProcessEnv;
  network: boolean;
}

/**
 * The demuxers a downloaded video may use: containers that open nothing but their own file. ffmpeg would otherwise
 * follow what a crafted upload names: an HLS playlist or a concat list opens other local files (the protocol
 * whitelist alone lets `file` open any of them), an SDP file opens UDP ports, and so on.
 */
const fileFormats = 'mov,matroska,avi,flv,mpegts,mpeg,asf,ogg,m4v,h264,hevc';

const proxyVariables = /^(http|https|ftp|all|no)_proxy$/i;

/** The process environment without proxy settings (ffmpeg reads http_proxy and no_proxy), plus `extra`. */
export function ffmpegEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !proxyVariables.test(name)));
  return { ...env, ...extra };
}

/** A downloaded file: ffmpeg may open that file and nothing else (no network, no other file). */
export function fileInput(file: string): FfmpegInput {
  return {
    args: ['-protocol_whitelist', 'file', '-format_whitelist', fileFormats, '-i', `file:${file}`],
    env: ffmpegEnvironment(),
    network: false,
  };
}

/** An input ffmpeg could not read at all: a stream it could not reach, or a file in no form it decodes. */
function unreadable(input: FfmpegInput): OutboundFailure {
  return new OutboundFailure(input.network ? 'unreachable' : 'unsupported');
}

export interface FrameOptions {
  ffmpeg: string;
  input: FfmpegInput;
  intervalSeconds: number;
  size: number;
  /** Scale keeping the picture's proportions and pad the rest black (frames whose text is read), else stretch. */
  keepAspect?: boolean;
  signal: AbortSignal;
  /** Stop after this many seconds of media (a file's duration cap, a live stream's). */
  maxSeconds?: number;
  /** Wall-clock time the run may take (files): past it ffmpeg is killed, an OutboundFailure 'timeout'. */
  timeoutMs?: number;
}

/**
 * Kills `child` at `timeoutMs` (when given); `expired()` tells whether it was. A file that takes ffmpeg longer than
 * that to decode (a crafted one that makes it spin) holds a job slot and a CPU no longer.
 */
function killAfter(child: ChildProcess, timeoutMs: number | undefined) {
  let expired = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          expired = true;
          child.kill('SIGKILL');
        }, timeoutMs);
  return { expired: () => expired, clear: () => clearTimeout(timer) };
}

/**
 * Decodes one frame every `intervalSeconds` as size x size RGB and hands each to `onFrame` with its time.
 * An input ffmpeg cannot read is an OutboundFailure: 'unsupported' for a file, 'unreachable' for a network input.
 */
export async function extractFrames(
  options: FrameOptions,
  onFrame: (pixels: Buffer, seconds: number) => Promise<void>,
): Promise<number> {
  const args = ['-v', 'error', '-nostdin', ...options.input.args];
  if (options.maxSeconds) args.push('-t', String(options.maxSeconds));
  args.push(
    '-an',
    '-vf',
    `fps=1/${options.intervalSeconds},scale=${options.size}:${options.size}` +
      (options.keepAspect
        ? `:force_original_aspect_ratio=decrease,pad=${options.size}:${options.size}:(ow-iw)/2:(oh-ih)/2`
        : ''),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  );
  const child = spawn(options.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.input.env });
  const abort = () => child.kill('SIGKILL');
  options.signal.addEventListener('abort', abort, { once: true });
  const deadline = killAfter(child, options.timeoutMs);
  // `-t` bounds the frames; this holds should a file's timestamps make ffmpeg emit more than its duration allows.
  const maxFrames =
    options.maxSeconds === undefined ? Infinity : Math.floor(options.maxSeconds / options.intervalSeconds) + 2;
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 2000) stderr += d;
  });
  const frameBytes = options.size * options.size * 3;
  let buffered = Buffer.alloc(0);
  let frames = 0;
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    for await (const chunk of child.stdout) {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      while (buffered.length >= frameBytes && frames < maxFrames) {
        const frame = buffered.subarray(0, frameBytes);
        buffered = buffered.subarray(frameBytes);
        await onFrame(Buffer.from(frame), frames * options.intervalSeconds);
        frames++;
      }
      if (frames >= maxFrames) {
        child.kill('SIGKILL');
        break;
      }
    }
    const code = await exit;
    if (options.signal.aborted) return frames;
    if (deadline.expired()) throw new OutboundFailure('timeout');
    if (frames >= maxFrames) return frames;
    if (code !== 0 && frames === 0) throw unreadable(options.input);
    return frames;
  } finally {
    deadline.clear();
    options.signal.removeEventListener('abort', abort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * The audio track as 16 kHz mono WAV, for speech recognition; undefined when there is none. At most `maxSeconds` of
 * it (the WAV is held in memory: 32,000 bytes a second), within `timeoutMs` of wall-clock time (an OutboundFailure
 * 'timeout' past it).
 */
export async function extractAudio(
  ffmpeg: string,
  input: FfmpegInput,
  signal: AbortSignal,
  limits: { maxSeconds: number; timeoutMs: number },
): Promise<Buffer | undefined> {
  const child = spawn(
    ffmpeg,
    [
      ...['-v', 'error', '-nostdin', ...input.args, '-t', String(limits.maxSeconds)],
      ...['-vn', '-ac', '1', '-ar', '16000', '-f', 'wav', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], env: input.env },
  );
  const abort = () => child.kill('SIGKILL');
  signal.addEventListener('abort', abort, { once: true });
  const deadline = killAfter(child, limits.timeoutMs);
  // `-t` bounds the output; this holds should ffmpeg write more than that duration anyway.
  const maxBytes = 44 + limits.maxSeconds * 32_000 + 64 * 1024;
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of child.stdout) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) {
      child.kill('SIGKILL');
      break;
    }
    chunks.push(chunk as Buffer);
  }
  const code = await new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.on('close', resolve),
  );
  deadline.clear();
  signal.removeEventListener('abort', abort);
  if (deadline.expired() && !signal.aborted) throw new OutboundFailure('timeout');
  const wav = Buffer.concat(chunks);
  return (code === 0 || bytes > maxBytes) && wav.length > 44 ? wav : undefined;
}

/** A 16 kHz mono 16-bit WAV around raw PCM samples (what speech recognisers take). */
function wavFromPcm(pcm: Buffer, sampleRate = 16000): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/**
 * The sound of a live input in windows of `windowSeconds` (16 kHz mono WAV each), handed to `onWindow` with the
 * window's start in seconds as they fill; the last, shorter window too. An input ffmpeg cannot read fails as in
 * extractFrames.
 */
export async function extractAudioWindows(
  options: { ffmpeg: string; input: FfmpegInput; windowSeconds: number; signal: AbortSignal; maxSeconds?: number },
  onWindow: (wav: Buffer, startSeconds: number) => Promise<void>,
): Promise<number> {
  const args = ['-v', 'error', '-nostdin', ...options.input.args];
  if (options.maxSeconds) args.push('-t', String(options.maxSeconds));
  args.push('-vn', '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1');
  const child = spawn(options.ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'], env: options.input.env });
  const abort = () => child.kill('SIGKILL');
  options.signal.addEventListener('abort', abort, { once: true });
  const windowBytes = options.windowSeconds * 16000 * 2;
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let windows = 0;
  const flush = async (bytes: Buffer) => {
    await onWindow(wavFromPcm(bytes), windows * options.windowSeconds);
    windows++;
  };
  try {
    for await (const chunk of child.stdout) {
      pending.push(chunk as Buffer);
      pendingBytes += (chunk as Buffer).length;
      while (pendingBytes >= windowBytes) {
        const all = Buffer.concat(pending);
        await flush(all.subarray(0, windowBytes));
        pending = [all.subarray(windowBytes)];
        pendingBytes = all.length - windowBytes;
      }
    }
    const code = await exit;
    if (options.signal.aborted) return windows;
    if (pendingBytes >= 16000 * 2) await flush(Buffer.concat(pending));
    if (code !== 0 && windows === 0) throw unreadable(options.input);
    return windows;
  } finally {
    options.signal.removeEventListener('abort', abort);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
