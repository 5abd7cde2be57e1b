import type { MediaSource } from '../sources/media-source.js';

/** A job's request as validated at creation and stored with the job (what the workers read back). */
export interface JobRequest {
  event_type: string;
  data: {
    url: string;
    /** Seconds between checked frames (video and streams). */
    frame_interval?: number;
    /** Also moderate a video's sound track. */
    audio?: boolean;
  };
  /** Text categories for audio, video sound and documents; image categories for live streams. */
  categories?: string[];
  glossary_names?: string[];
  white_glossary_names?: string[];
  callback?: string;
}

/** Files for jobs are larger than images and may come from slower hosts: a download gets at least this long. */
export const minimumJobDownloadMs = 60_000;

/** Where job files come from, and the cap and time limit of one download. */
export interface JobFiles {
  source: MediaSource;
  maxBytes: number;
  timeoutMs: number;
}

/** Reads a job's file as its project may (object storage through the project's own access). */
export function readJobFile(files: JobFiles, projectId: string, url: string): Promise<Buffer> {
  return files.source.read(projectId, url, files);
}
