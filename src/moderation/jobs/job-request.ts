import type { MediaSource } from '../sources/media-source.js';

/**
 * A job's request as validated at creation and stored with the job: the documented fields the workers need (a
 * `biz_type` policy already applied), and what the answers echo as `request_params`.
 */
export interface JobRequest {
  event_type?: string;
  data: {
    url: string;
    /** Seconds between checked frames (video and streams, webpage videos in documents). */
    frame_interval?: number;
    language?: string;
    /** Document format as the client named it. */
    format?: string;
    /** Audio streams: report every 10-second window, not only the flagged ones. */
    return_all_results?: boolean;
  };
  /** Audio and audio streams: the audio categories asked for. */
  categories?: string[];
  image_categories?: string[];
  audio_categories?: string[];
  /** Documents. */
  text_categories?: string[];
  video_image_categories?: string[];
  glossary_names?: string[];
  white_glossary_names?: string[];
  /** The project's image libraries a `biz_type` policy names (none: all that apply). */
  image_library_names?: string[];
  callback?: string;
  /** Signs callbacks (X-Auth-Signature); never echoed. */
  seed?: string;
  biz_type?: string;
}

/** Files for jobs are larger than images and may come from slower hosts: a download gets at least this long. */
export const minimumJobDownloadMs = 60_000;

/** Where job files come from, and the cap and time limit of one download. */
export interface JobFiles {
  source: MediaSource;
  maxBytes: number;
  timeoutMs: number;
}

/** Reads a job's file for the job's project (object-storage URLs need that project's access). */
export function readJobFile(files: JobFiles, projectId: string, url: string): Promise<Buffer> {
  return files.source.read(projectId, url, files);
}
