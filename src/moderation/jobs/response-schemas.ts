import { type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { JobType } from './job-store.js';

/**
 * The job APIs' answers (../shared/specs/moderation-v3.md §2) as response schemas: the OpenAPI document shows them,
 * and the tests check every answer and callback body against them, closed to keys they do not list. Only this
 * platform's documented extensions are added (marked).
 */
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const object = (required: TProperties, optional: TProperties = {}) =>
  Type.Object({
    ...required,
    ...Object.fromEntries(Object.entries(optional).map(([key, schema]) => [key, Type.Optional(schema)])),
  });
const strings = Type.Array(Type.String());

const suggestion = oneOf(['block', 'review', 'pass']);
const flagged = oneOf(['block', 'review']);
const jobStatus = oneOf(['running', 'succeeded', 'failed']);
const segmentWords = Type.Array(object({ segment: Type.String() }));

const box = object({
  top_left_x: Type.Number(),
  top_left_y: Type.Number(),
  bottom_right_x: Type.Number(),
  bottom_right_y: Type.Number(),
});
const imageCategory = oneOf(['terrorism', 'porn', 'image_text', 'politics']);
const imageDetail = object(
  { suggestion, category: imageCategory, confidence: Type.Number() },
  {
    face_location: box,
    qr_location: box,
    qr_content: Type.String(),
    segments: Type.Array(object({ segment: Type.String() }, { glossary_name: Type.String() })),
    label: Type.String(),
  },
);

export const JobCreated = object({ request_id: Type.String(), job_id: Type.String() });
export const StreamStopped = object({ result: Type.Literal('success') });

const leading = {
  request_id: Type.String(),
  job_id: Type.String(),
  status: jobStatus,
  create_time: Type.String(),
  update_time: Type.String(),
};
/** A failed job's catalogue error (an extension the SDKs ignore). */
const failure = { error_code: Type.String(), error_msg: Type.String() };

/** A query answer: documented keys, and (extension) the catalogue's error of a failed job. */
const jobView = (requestParams: TSchema, result: TSchema) =>
  object({ ...leading, request_params: requestParams }, { result, ...failure });

const audioParams = object(
  { data: object({ url: Type.String() }) },
  { event_type: Type.String(), callback: Type.String(), categories: strings },
);
const audioDetail = (time: TSchema, detailSuggestion: TSchema = flagged) =>
  object(
    { suggestion: detailSuggestion, label: Type.String(), audio_text: Type.String(), start_time: time, end_time: time },
    { segments: segmentWords },
  );

export const AudioJob = jobView(
  audioParams,
  object({ suggestion, audio_text: Type.String(), details: Type.Array(audioDetail(Type.Number())) }),
);

const videoParams = object(
  { data: object({ url: Type.String() }, { frame_interval: Type.Number() }), image_categories: strings },
  { event_type: Type.String(), audio_categories: strings, callback: Type.String() },
);
const frameDetail = (time: TSchema) =>
  object(
    { suggestion: flagged, category: imageCategory, time, detail: Type.Array(imageDetail) },
    { ocr_text: Type.String() },
  );
const videoAudioDetail = object({
  suggestion: flagged,
  label: Type.String(),
  audio_text: Type.String(),
  start_time: Type.Number(),
  end_time: Type.Number(),
  detail: Type.Array(
    object({ confidence: Type.Number(), label: Type.String(), suggestion: flagged }, { segments: segmentWords }),
  ),
});

export const VideoJob = jobView(
  videoParams,
  object({
    suggestion,
    image_detail: Type.Array(frameDetail(Type.Number())),
    audio_detail: Type.Array(videoAudioDetail),
  }),
);

export const DocumentJob = jobView(
  object(
    {
      data: object({ url: Type.String(), format: Type.String() }, { frame_interval: Type.Number() }),
      event_type: Type.String(),
    },
    {
      image_categories: strings,
      text_categories: strings,
      video_image_categories: strings,
      audio_categories: strings,
      callback: Type.String(),
    },
  ),
  object({
    suggestion,
    details: Type.Array(
      object(
        { suggestion: flagged, type: oneOf(['text', 'image', 'video']), label: Type.String(), index: Type.Number() },
        {
          text: Type.String(),
          start_position: Type.Number(),
          end_position: Type.Number(),
          image_url: Type.String(),
          segments: segmentWords,
          video_image_details: Type.Array(Type.Unknown()),
          audio_details: Type.Array(Type.Unknown()),
        },
      ),
    ),
  }),
);

/** A video stream's answer and callbacks: absolute times (strings), `request_params` at the top. */
export const VideoStreamJob = jobView(
  videoParams,
  object({
    suggestion,
    image_detail: Type.Array(frameDetail(Type.String())),
    audio_detail: Type.Array(Type.Unknown()),
  }),
);

/** An audio stream's answer and callbacks: absolute times (strings), `request_params` inside `result` too. */
export const AudioStreamJob = object(leading, {
  result: object({
    suggestion,
    details: Type.Array(audioDetail(Type.String(), suggestion)),
    request_params: audioParams,
  }),
  request_params: audioParams,
  ...failure,
});

/** The query answer of each job type (also what its cancel extension answers, and what its callbacks carry). */
export const jobAnswer: Record<JobType, TSchema> = {
  audio: AudioJob,
  video: VideoJob,
  document: DocumentJob,
  video_stream: VideoStreamJob,
  audio_stream: AudioStreamJob,
};

/** The list extension: the query answers of your jobs, each with the internal state it is in and its callback's. */
export const jobList = (type: JobType) =>
  object({
    request_id: Type.String(),
    total: Type.Integer(),
    jobs: Type.Array(
      Type.Composite([
        jobAnswer[type] as ReturnType<typeof object>,
        object(
          { state: oneOf(['queuing', 'running', 'succeeded', 'failed', 'cancelled']) },
          { callback_status: Type.String() },
        ),
      ]),
    ),
  });
