import assert from 'node:assert/strict';

/**
 * The Content Moderation job APIs' response models (../shared/specs/moderation-v3.md §2), as small shapes: each object
 * lists its required keys and its optional ones, and a response must have the required keys and no key outside the
 * two lists, at every depth. Only this platform's documented extensions are added (marked). The synchronous
 * operations' responses are checked against their route response schemas instead (helpers/response-schemas.ts); the
 * job routes have none yet.
 */
export type Spec =
  'string' | 'number' | 'boolean' | 'any' | { enum: readonly string[] } | { list: Spec } | { tuple: Spec[] } | Model;

export interface Model {
  required: Record<string, Spec>;
  optional?: Record<string, Spec>;
}

const suggestion = { enum: ['block', 'review', 'pass'] } as const;
const flagged = { enum: ['block', 'review'] } as const;
const jobStatus = { enum: ['running', 'succeeded', 'failed'] } as const;
const segmentWords: Spec = { list: { required: { segment: 'string' } } };

const box: Model = {
  required: { top_left_x: 'number', top_left_y: 'number', bottom_right_x: 'number', bottom_right_y: 'number' },
};
const imageCategory = { enum: ['terrorism', 'porn', 'image_text', 'politics'] } as const;
const imageDetail: Model = {
  required: { suggestion, category: imageCategory, confidence: 'number' },
  optional: {
    face_location: box,
    qr_location: box,
    qr_content: 'string',
    segments: { list: { required: { segment: 'string' }, optional: { glossary_name: 'string' } } },
    label: 'string',
  },
};
const imageResult: Model = {
  required: { suggestion, category: imageCategory, details: { list: imageDetail } },
  optional: { ocr_text: 'string' },
};

export const JobCreated: Model = { required: { request_id: 'string', job_id: 'string' } };
export const StreamStopped: Model = { required: { result: { enum: ['success'] } } };

/** A query answer: documented keys, and (extension) the catalogue's error of a failed job. */
function jobView(requestParams: Model, result: Model): Model {
  return {
    required: {
      request_id: 'string',
      job_id: 'string',
      status: jobStatus,
      create_time: 'string',
      update_time: 'string',
      request_params: requestParams,
    },
    optional: { result, error_code: 'string', error_msg: 'string' },
  };
}

const audioParams: Model = {
  required: { data: { required: { url: 'string' } } },
  optional: { event_type: 'string', callback: 'string', categories: { list: 'string' } },
};
const audioDetail = (time: Spec): Model => ({
  required: { suggestion: flagged, label: 'string', audio_text: 'string', start_time: time, end_time: time },
  optional: { segments: segmentWords },
});

export const AudioJob = jobView(audioParams, {
  required: { suggestion, audio_text: 'string', details: { list: audioDetail('number') } },
});

const videoParams: Model = {
  required: {
    data: { required: { url: 'string' }, optional: { frame_interval: 'number' } },
    image_categories: { list: 'string' },
  },
  optional: { event_type: 'string', audio_categories: { list: 'string' }, callback: 'string' },
};
const frameDetail = (time: Spec): Model => ({
  required: { suggestion: flagged, category: imageCategory, time, detail: { list: imageDetail } },
  optional: { ocr_text: 'string' },
});
const videoAudioDetail: Model = {
  required: {
    suggestion: flagged,
    label: 'string',
    audio_text: 'string',
    start_time: 'number',
    end_time: 'number',
    detail: {
      list: {
        required: { confidence: 'number', label: 'string', suggestion: flagged },
        optional: { segments: segmentWords },
      },
    },
  },
};

export const VideoJob = jobView(videoParams, {
  required: { suggestion, image_detail: { list: frameDetail('number') }, audio_detail: { list: videoAudioDetail } },
});

export const DocumentJob = jobView(
  {
    required: {
      data: { required: { url: 'string', format: 'string' }, optional: { frame_interval: 'number' } },
      event_type: 'string',
    },
    optional: {
      image_categories: { list: 'string' },
      text_categories: { list: 'string' },
      video_image_categories: { list: 'string' },
      audio_categories: { list: 'string' },
      callback: 'string',
    },
  },
  {
    required: {
      suggestion,
      details: {
        list: {
          required: {
            suggestion: flagged,
            type: { enum: ['text', 'image', 'video'] },
            label: 'string',
            index: 'number',
          },
          optional: {
            text: 'string',
            start_position: 'number',
            end_position: 'number',
            image_url: 'string',
            segments: segmentWords,
            video_image_details: { list: 'any' },
            audio_details: { list: 'any' },
          },
        },
      },
    },
  },
);

/** A video-stream callback: absolute times (strings), `request_params` at the top. */
export const VideoStreamCallback = jobView(videoParams, {
  required: { suggestion, image_detail: { list: frameDetail('string') }, audio_detail: { list: 'any' } },
});

/** An audio-stream callback: absolute times (strings), `request_params` inside `result` (the SDK's example). */
export const AudioStreamCallback: Model = {
  required: { request_id: 'string', job_id: 'string', status: jobStatus, create_time: 'string', update_time: 'string' },
  optional: {
    result: {
      required: {
        suggestion,
        details: { list: { ...audioDetail('string'), required: { ...audioDetail('string').required, suggestion } } },
        request_params: audioParams,
      },
    },
    request_params: audioParams,
    error_code: 'string',
    error_msg: 'string',
  },
};

function check(value: unknown, spec: Spec, path: string): void {
  if (spec === 'any') return;
  if (spec === 'string' || spec === 'number' || spec === 'boolean') {
    assert.equal(typeof value, spec, `${path}: expected ${spec}, got ${JSON.stringify(value)}`);
    return;
  }
  if ('enum' in spec) {
    assert.ok(
      spec.enum.includes(value as string),
      `${path}: ${JSON.stringify(value)} is not one of ${spec.enum.join(', ')}`,
    );
    return;
  }
  if ('list' in spec) {
    assert.ok(Array.isArray(value), `${path}: expected a list, got ${JSON.stringify(value)}`);
    (value as unknown[]).forEach((item, i) => check(item, spec.list, `${path}[${i}]`));
    return;
  }
  if ('tuple' in spec) {
    assert.ok(Array.isArray(value) && value.length === spec.tuple.length, `${path}: expected a tuple`);
    spec.tuple.forEach((item, i) => check((value as unknown[])[i], item, `${path}[${i}]`));
    return;
  }
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${path}: expected an object`);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(spec.required)) assert.ok(key in object, `${path}: missing ${key}`);
  for (const [key, item] of Object.entries(object)) {
    const itemSpec = spec.required[key] ?? spec.optional?.[key];
    assert.ok(itemSpec, `${path}: unexpected key ${key}`);
    check(item, itemSpec, `${path}.${key}`);
  }
}

/** Asserts that a response body is exactly the model: its keys, their types and enumerations, at every depth. */
export function assertShape(value: unknown, model: Model): void {
  check(value, model, 'response');
}
