import type { FastifyReply } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import type { JsonRelayOptions } from '../inference/relay.js';
import { parseAnswer } from '../inference/upstream.js';
import type { AnswerParts, CallUsage } from '../inference/usage-estimate.js';

/** The transcript of a JSON answer (`json`, `verbose_json`): its `text`, the one part the guard and the estimate read. */
export const transcriptParts: AnswerParts = (answer, visit) => {
  const text = (answer as { text?: unknown }).text;
  if (typeof text === 'string' && text !== '') visit('0', text);
};

/**
 * A transcription's usage in the gateway's terms (prompt and completion tokens): OpenAI's token usage
 * (`input_tokens`, `output_tokens`, as gpt-4o-transcribe answers) or `prompt_tokens` and `completion_tokens` (as
 * vLLM does). A usage by duration (`{type: "duration", seconds}`, as whisper-1 answers) carries no tokens: the
 * gateway's estimate stands then (the `prompt` field's tokens in, the transcript's tokens out).
 */
export function transcriptionTokens(usage: unknown): unknown {
  if (usage === null || typeof usage !== 'object') return undefined;
  const { input_tokens: input, output_tokens: output } = usage as Record<string, unknown>;
  if (input === undefined && output === undefined) return usage;
  return { prompt_tokens: input, completion_tokens: output };
}

/**
 * The upstream's whole answer to the client as it came, with its content type: JSON for `json` and `verbose_json`,
 * text for `text`, `srt` and `vtt` (a transcription answer names no model, so nothing is renamed). Its transcript is
 * metered and, with the content guard on, checked (ModelArts.81011 when it blocks, the call's tokens still metered).
 */
export async function relayTranscription(
  reply: FastifyReply,
  text: string,
  contentType: string | undefined,
  options: JsonRelayOptions,
  usage: CallUsage,
): Promise<unknown> {
  const json = contentType === undefined ? text.trimStart().startsWith('{') : /\bjson\b/i.test(contentType);
  let transcript = '';
  if (json) {
    const answer = parseAnswer(text);
    usage.report(transcriptionTokens(answer.usage));
    options.answerParts(answer, (_part, spoken) => (transcript += spoken));
  } else {
    transcript = text;
  }
  usage.relayed(transcript);
  if (options.guard?.blockedBy(transcript)) {
    usage.failed = true;
    await options.finish();
    throw new ApiError('ModelArts.81011');
  }
  await options.finish();
  reply.header('content-type', contentType ?? (json ? 'application/json' : 'text/plain; charset=utf-8'));
  return reply.send(text);
}
