import { type Agent, fetch, FormData } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { createGuardedAgent } from '../../net/outbound.js';

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface Transcript {
  text: string;
  segments: TranscriptSegment[];
}

/**
 * What audio moderation asks of a speech recogniser: the recording's text, in timed segments. An ApiError in the
 * moderation codes when it cannot: AIS.0021 for audio the recogniser refuses, AIS.0404 for its failure.
 */
export interface SpeechRecognizer {
  transcribe(audio: Buffer, fileName: string, signal: AbortSignal): Promise<Transcript>;
}

/**
 * The transcript of an OpenAI `verbose_json` answer (`text` and `segments`); an answer without segments is one
 * segment without times.
 */
export function transcriptOf(answer: unknown): Transcript {
  const body = (answer ?? {}) as { text?: unknown; segments?: unknown };
  const text = typeof body.text === 'string' ? body.text : '';
  const segments =
    Array.isArray(body.segments) && body.segments.length > 0
      ? (body.segments as Partial<TranscriptSegment>[]).map((s) => ({
          start: Number(s?.start) || 0,
          end: Number(s?.end) || 0,
          text: String(s?.text ?? ''),
        }))
      : [{ start: 0, end: 0, text }];
  return { text, segments };
}

/** Recognising a long recording takes a while even on a GPU server. */
const transcriptionTimeoutMs = 10 * 60_000;

/**
 * Speech recognition through an OpenAI-compatible transcription server (`POST {url}/audio/transcriptions`, as
 * served by self-hosted Whisper servers and vLLM). No model ships in an npm package that could do this in-process,
 * so audio moderation is enabled only when AISP_ASR_URL names such a server. The server is the operator's own, so
 * private addresses are allowed for it (tenants never choose it).
 */
export class Transcriber implements SpeechRecognizer {
  private readonly baseUrl: string;
  private readonly agent: Agent;

  constructor(
    baseUrl: string,
    private readonly model: string,
    private readonly apiKey?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.agent = createGuardedAgent({
      addresses: { allowPrivate: true, allowedRanges: [] },
      connectTimeoutMs: 10_000,
    });
  }

  async transcribe(audio: Buffer, fileName: string, signal: AbortSignal): Promise<Transcript> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio)]), fileName);
    form.append('model', this.model);
    form.append('response_format', 'verbose_json');
    let response;
    try {
      response = await fetch(`${this.baseUrl}/audio/transcriptions`, {
        method: 'POST',
        body: form,
        dispatcher: this.agent,
        signal: AbortSignal.any([signal, AbortSignal.timeout(transcriptionTimeoutMs)]),
        headers: this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {},
      });
    } catch {
      throw new ApiError('AIS.0404');
    }
    if (response.status === 400 || response.status === 415) throw new ApiError('AIS.0021');
    if (!response.ok) throw new ApiError('AIS.0404');
    return transcriptOf(await response.json());
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
