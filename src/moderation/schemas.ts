import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { moderationServices } from './access.js';
import { eventTypes, requestCategories } from './api-contract.js';

/** OpenAPI shapes of the Content Moderation API (the public cloud's v3 request and response bodies). */
export const ProjectParams = Type.Object({ project_id: Type.String() });
export const GlossaryParams = Type.Object({ project_id: Type.String(), name: Type.String() });

const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
/**
 * As the cloud reads optional fields, null stands for absent (and '' too where `orEmpty`). The values stay one flat
 * union, so that a value outside the list is told from a value of another type.
 */
const orAbsent = (values: readonly string[], orEmpty = false) =>
  Type.Union([...values.map((v) => Type.Literal(v)), Type.Null(), ...(orEmpty ? [Type.Literal('')] : [])]);
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const list = (values: readonly string[], description: string) =>
  Type.Optional(nullable(Type.Array(oneOf(values), { maxItems: 20, description })));
const names = (description: string) =>
  Type.Optional(nullable(Type.Array(Type.String(), { maxItems: 10, description })));
const BizType = Type.Optional(
  orAbsentString('A biz_type policy: wins over event_type and categories (which it lets the request leave out)'),
);
const Suggestion = oneOf(['block', 'review', 'pass']);
const Language = Type.Optional(orAbsent(['zh', 'en'], true));

function orAbsentString(description: string) {
  return Type.Union([Type.String(), Type.Null()], { description });
}

/**
 * Request schemas are the validators (`moderation/request-checks.ts`), in the order the cloud checks the fields: the
 * order of properties below is that order. A body that names a `biz_type` policy is checked by `withPolicy(...)`.
 */
export const TextRequest = Type.Object({
  event_type: oneOf(eventTypes.text),
  data: Type.Object({
    text: Type.String({ minLength: 1, description: 'UTF-8; the first 10,000 characters are checked' }),
    language: Language,
  }),
  categories: list(
    requestCategories.text,
    'Absent or empty: terrorism, porn, ban, abuse, ad (the documented default set)',
  ),
  glossary_names: names('Black-list glossaries: hits are `customized`'),
  white_glossary_names: names('White-list glossaries: hits inside their words are dropped'),
  biz_type: BizType,
});

export const TextResponse = Type.Object({
  request_id: Type.String(),
  result: Type.Object({
    suggestion: Suggestion,
    label: Type.String({
      description: 'politics, terrorism, porn, ban, abuse, ad, meaningless, customized (a glossary), or normal',
    }),
    details: Type.Array(
      Type.Object({
        suggestion: Suggestion,
        label: Type.String(),
        confidence: Type.Number(),
        segments: Type.Array(
          Type.Object({
            segment: Type.String(),
            position: Type.Tuple([Type.Integer(), Type.Integer()], { description: 'UTF-16 [start, end) in data.text' }),
            glossary_name: Type.Optional(Type.String()),
          }),
        ),
      }),
    ),
  }),
});

const ImageTextConfig = Type.Optional(
  nullable(Type.Object({ black_glossary_names: names('For the text in images'), white_glossary_names: names('') })),
);
/** The image operations' fields before the image itself, checked first (in this order). */
export const ImageFields = Type.Object({
  event_type: oneOf(eventTypes.image),
  categories: list(requestCategories.image, 'Absent or empty: all'),
  language: Language,
  image_text_config: ImageTextConfig,
  biz_type: BizType,
});

/** The image, checked after the fields and the glossaries they name, once exactly one of the two is given. */
export const ImageSource = Type.Object({
  image: Type.Optional(
    nullable(Type.String({ description: 'Base64 image (jpeg, png, webp, gif, tiff); exactly one of image and url' })),
  ),
  url: Type.Optional(
    nullable(
      Type.String({
        description:
          'http(s) URL, or obs://bucket/key, s3://bucket/key, https://bucket.obs.REGION.myhuaweicloud.com/key',
      }),
    ),
  ),
});

export const ImageRequest = Type.Object({ ...ImageFields.properties, ...ImageSource.properties });

const PixelBox = Type.Object(
  {
    top_left_x: Type.Integer(),
    top_left_y: Type.Integer(),
    bottom_right_x: Type.Integer(),
    bottom_right_y: Type.Integer(),
  },
  { description: "In the image's pixels" },
);

/** The image categories an answer names: the request's, and `customized` for a customized image library's hit. */
const ImageCategory = Type.Union(
  [...requestCategories.image, 'customized'].map((c) => Type.Literal(c)),
  {
    description: 'A requested category; customized: a hit in a customized image library (an extension)',
  },
);
const ImageResult = {
  suggestion: Suggestion,
  category: ImageCategory,
  details: Type.Array(
    Type.Object({
      suggestion: Suggestion,
      category: ImageCategory,
      confidence: Type.Number(),
      label: Type.String({
        description: 'porn, hentai, sexy, normal; the text label for image_text; qr_code; image_library',
      }),
      segments: Type.Optional(
        Type.Array(Type.Object({ segment: Type.String(), glossary_name: Type.Optional(Type.String()) }), {
          description: 'image_text: the words hit in the text read',
        }),
      ),
      qr_location: Type.Optional(PixelBox),
      qr_content: Type.Optional(Type.String({ description: 'image_text, label qr_code: what the QR code says' })),
      library_name: Type.Optional(
        Type.String({ description: 'Label image_library (an extension): the image library the image is a copy from' }),
      ),
      image_id: Type.Optional(Type.String({ description: 'Label image_library: the library image it is a copy of' })),
    }),
  ),
  ocr_text: Type.Optional(Type.String()),
};

export const ImageResponse = Type.Object({ request_id: Type.String(), result: Type.Object(ImageResult) });

/** The batch's images, checked after the fields and glossaries; each `data_id` unique (checked by the route). */
export const BatchUrls = Type.Object({
  urls: Type.Array(
    Type.Object({
      url: Type.String({ minLength: 1 }),
      data_id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,30}$' }),
    }),
    { minItems: 1, maxItems: 12, description: 'Each data_id unique in the request' },
  ),
});

export const ImageBatchRequest = Type.Object({ ...ImageFields.properties, ...BatchUrls.properties });

/**
 * The same schema for a body that names a `biz_type` policy: the policy stands in for the event type and the
 * categories, so the event type may be left out and the request's categories are not read.
 */
export function withPolicy<T extends TObject>(schema: T, eventTypeValues: readonly string[]) {
  return Type.Object({
    ...schema.properties,
    event_type: Type.Optional(orAbsent(eventTypeValues, true)),
    categories: Type.Optional(Type.Unknown()),
  });
}

export const ImageBatchResponse = Type.Object({
  request_id: Type.String(),
  results: Type.Array(
    Type.Object({
      data_id: Type.String(),
      ...Object.fromEntries(Object.entries(ImageResult).map(([k, v]) => [k, Type.Optional(v)])),
      error_code: Type.Optional(Type.String({ description: 'Only for an image that failed' })),
      error_msg: Type.Optional(Type.String()),
    }),
  ),
});

/**
 * Glossary bodies, checked in this order (name and words required first, AIS.0011). The words' own rules are the
 * store's: they hold after trimming and removing repeats (1 to 64 characters each, at most 10,000 words).
 */
const Words = Type.Array(Type.String(), {
  description: 'Trimmed, each once: 1 to 64 characters each, at most 10,000 words',
});
const GlossaryDescription = Type.String({ maxLength: 255 });
export const GlossaryCreate = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
  type: Type.Optional(Type.Union([Type.Literal('black'), Type.Literal('white'), Type.Null()], { default: 'black' })),
  description: Type.Optional(nullable(GlossaryDescription)),
  category: Type.Optional(
    Type.Union([...requestCategories.text.map((c) => Type.Literal(c)), Type.Null()], {
      description: 'Operator lexicons only: a black list that adds to this text category',
    }),
  ),
  words: Words,
});
export const GlossaryUpdate = Type.Object({
  words: Type.Optional(Words),
  description: Type.Optional(GlossaryDescription),
});

/** The operator's moderation settings of a project; each field optional, checked in this order (IAM.0002 naming it). */
export const ModerationSettingsBody = Type.Object({
  subscribed: Type.Optional(Type.Boolean()),
  services: Type.Optional(Type.Array(oneOf(moderationServices))),
  monthly_free_calls: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'null: the default allowance' }),
  ),
});

// Formats registered in object-storage-input.ts, whose checks answer these bodies' failures.
const Bucket = Type.String({ format: 'bucket-name', description: 'An S3 bucket name' });
const Prefix = Type.String({
  format: 'safe-key-prefix',
  description:
    "Keys that start with it ('' is the whole bucket); at most 1024 bytes, no '..' or '.' segments, leading '/', " +
    "'//', backslashes or control characters",
});
const BucketPrefixes = (prefixRequired: boolean) =>
  Type.Array(
    Type.Object(
      { bucket: Bucket, prefix: prefixRequired ? Prefix : Type.Optional(Type.Union([Prefix, Type.Null()])) },
      { additionalProperties: false },
    ),
    { minItems: prefixRequired ? 0 : 1, maxItems: 100 },
  );
const GrantedBuckets = Type.Array(Type.Object({ bucket: Type.String(), prefix: Type.String() }));
/** A credential: no white space or control characters. */
const Credential = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\s\\u0000-\\u001f\\u007f]*$', description });

export const ProjectObjectStorageBody = Type.Object(
  {
    endpoint: Type.String({
      format: 'store-endpoint',
      description: 'http(s) origin of an S3-compatible store, e.g. https://obs.REGION.myhuaweicloud.com',
    }),
    region: Type.Optional(
      Type.Union([Type.String({ pattern: '^[a-z0-9-]{1,64}$', default: 'us-east-1' }), Type.Null()]),
    ),
    access_key: Credential(256),
    secret_key: Credential(1024, 'Write-only: stored encrypted, shown masked'),
    path_style: Type.Optional(Type.Union([Type.Boolean({ default: true }), Type.Null()])),
    buckets: BucketPrefixes(false),
  },
  { additionalProperties: false },
);

export const ProjectObjectStorageView = Type.Object({
  endpoint: Type.Optional(Type.String()),
  region: Type.Optional(Type.String()),
  access_key: Type.Optional(Type.String()),
  secret_key: Type.Optional(Type.String({ description: 'Always ******' })),
  path_style: Type.Optional(Type.Boolean()),
  buckets: GrantedBuckets,
  operator_buckets: Type.Array(Type.Object({ bucket: Type.String(), prefix: Type.String() }), {
    description: "Granted by the operator on the operator's store",
  }),
  update_time: Type.Optional(Type.String()),
});

export const OperatorObjectStorageBody = Type.Object(
  { buckets: BucketPrefixes(true) },
  { additionalProperties: false },
);

export const OperatorObjectStorageView = Type.Object({
  project_id: Type.String(),
  buckets: GrantedBuckets,
  update_time: Type.Optional(Type.String()),
});
