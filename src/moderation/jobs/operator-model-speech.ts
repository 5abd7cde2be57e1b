import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { type SpeechRecognizer, type Transcript, transcriptOf } from './transcriber.js';

/** How a transcription through an operator model ended: the answer, or why there is none. */
export type OperatorTranscription =
  | { ok: true; answer: unknown }
  /** `refused`: the model server refused the audio itself (400, 415), not a failure of the servers. */
  | { ok: false; refused: boolean };

/**
 * What the MaaS gateway offers Content Moderation: speech recognition by one of its operator models, called
 * in-process through the model's pools and failover (its replicas, then its fallback model), as the content guard is
 * what moderation offers MaaS.
 */
export interface OperatorModelSpeech {
  /** Whether `model` names an operator model that is running. */
  runs(model: string): Promise<boolean>;
  /** The model's `verbose_json` transcription of the audio. */
  transcribe(model: string, audio: Buffer, fileName: string, signal: AbortSignal): Promise<OperatorTranscription>;
}

/**
 * Audio moderation's recogniser when AISP_ASR_URL is unset: AISP_ASR_MODEL names an operator model of the platform's
 * own MaaS gateway. The model is looked up when a job needs it (an operator deploys, stops and renames models while
 * the server runs): audio work is refused with AIS.0007 while no running model has that name, the model server's
 * refusal of the audio is AIS.0021 and any other failure (every replica and the fallback failed) AIS.0404.
 */
export class OperatorModelRecognizer implements SpeechRecognizer {
  private speech: OperatorModelSpeech | undefined;

  constructor(private readonly model: string) {}

  /** Called by the MaaS domain once it is built (it registers after moderation). */
  offer(speech: OperatorModelSpeech): void {
    this.speech = speech;
  }

  async available(): Promise<boolean> {
    return this.speech !== undefined && (await this.speech.runs(this.model));
  }

  async transcribe(audio: Buffer, fileName: string, signal: AbortSignal): Promise<Transcript> {
    if (!(await this.available())) throw new ApiError('AIS.0007');
    const result = await this.speech!.transcribe(this.model, audio, fileName, signal);
    if (!result.ok) throw new ApiError(result.refused ? 'AIS.0021' : 'AIS.0404');
    return transcriptOf(result.answer);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the MaaS gateway offers its operator models' speech recognition to Content Moderation. */
    operatorModelSpeech: OperatorModelRecognizer;
  }
}

export function expectOperatorModelSpeech(app: FastifyInstance, model: string): OperatorModelRecognizer {
  const recognizer = new OperatorModelRecognizer(model);
  app.decorate('operatorModelSpeech', recognizer);
  return recognizer;
}
