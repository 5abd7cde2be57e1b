import { Type } from '@sinclair/typebox';

/** OpenAPI shapes of the Content Moderation API (the public cloud's v3 request and response bodies). */
export const ProjectParams = Type.Object({ project_id: Type.String() });
export const GlossaryParams = Type.Object({ project_id: Type.String(), name: Type.String() });

const Categories = (values: string[]) =>
  Type.Optional(Type.Array(Type.Union(values.map((v) => Type.Literal(v))), { description: 'Default: all' }));

export const TextRequest = Type.Object({
  event_type: Type.String({
    description: 'comment, nickname, title, article, barrage, search, profile, message, chat',
  }),
  categories: Categories(['porn', 'abuse', 'ad', 'terrorism', 'contraband', 'flood']),
  glossary_names: Type.Optional(
    Type.Array(Type.String(), { maxItems: 10, description: 'Black-list glossaries to apply' }),
  ),
  white_glossary_names: Type.Optional(
    Type.Array(Type.String(), {
      maxItems: 10,
      description: 'White-list glossaries: matches inside their words are dropped',
    }),
  ),
  data: Type.Object({
    text: Type.String({ maxLength: 10000 }),
    language: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en'), Type.Literal('auto')])),
  }),
});

const Suggestion = Type.Union([Type.Literal('block'), Type.Literal('review'), Type.Literal('pass')]);

export const TextResponse = Type.Object({
  request_id: Type.String(),
  event_type: Type.String(),
  result: Type.Object({
    suggestion: Suggestion,
    label: Type.String({
      description: 'normal, or the category of the most severe finding; customized for glossary words',
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

export const ImageRequest = Type.Object({
  event_type: Type.String({
    description: 'head_image, album, dynamic, article, comment, room_cover, group_message, message, product',
  }),
  categories: Categories(['porn']),
  image: Type.Optional(
    Type.String({ description: 'Base64 image (jpeg, png, webp, gif, tiff); exactly one of image and url' }),
  ),
  url: Type.Optional(
    Type.String({
      description: 'http(s) URL, or obs://bucket/key, s3://bucket/key, https://bucket.obs.REGION.myhuaweicloud.com/key',
    }),
  ),
});

export const ImageResponse = Type.Object({
  request_id: Type.String(),
  event_type: Type.String(),
  result: Type.Object({
    suggestion: Suggestion,
    category_suggestions: Type.Record(Type.String(), Suggestion),
    details: Type.Array(
      Type.Object({ suggestion: Suggestion, category: Type.String(), label: Type.String(), confidence: Type.Number() }),
    ),
    image: Type.Object({ format: Type.String(), width: Type.Integer(), height: Type.Integer() }),
  }),
});

export const GlossaryCreate = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
  type: Type.Optional(Type.Union([Type.Literal('black'), Type.Literal('white')], { default: 'black' })),
  words: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10000 }),
  description: Type.Optional(Type.String({ maxLength: 255 })),
});
export const GlossaryUpdate = Type.Partial(Type.Pick(GlossaryCreate, ['words', 'description']));

export const ModerationSettingsBody = Type.Object({
  subscribed: Type.Optional(Type.Boolean()),
  services: Type.Optional(
    Type.Array(Type.String({ description: 'text, image, audio, video, document, video_stream' })),
  ),
  monthly_free_calls: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
});

const Bucket = Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' });
const Prefix = Type.String({
  maxLength: 1024,
  description:
    "Keys that start with it ('' is the whole bucket); no '..' or '.' segments, leading '/', '//', backslashes",
});
const BucketPrefixes = (prefixRequired: boolean) =>
  Type.Array(Type.Object({ bucket: Bucket, prefix: prefixRequired ? Prefix : Type.Optional(Prefix) }), {
    maxItems: 100,
  });
const GrantedBuckets = Type.Array(Type.Object({ bucket: Type.String(), prefix: Type.String() }));

export const ProjectObjectStorageBody = Type.Object({
  endpoint: Type.String({
    description: 'http(s) origin of an S3-compatible store, e.g. https://obs.REGION.myhuaweicloud.com',
  }),
  region: Type.Optional(Type.String({ default: 'us-east-1' })),
  access_key: Type.String(),
  secret_key: Type.String({ description: 'Write-only: stored encrypted, shown masked' }),
  path_style: Type.Optional(Type.Boolean({ default: true })),
  buckets: BucketPrefixes(false),
});

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

export const OperatorObjectStorageBody = Type.Object({
  buckets: BucketPrefixes(true),
});

export const OperatorObjectStorageView = Type.Object({
  project_id: Type.String(),
  buckets: GrantedBuckets,
  update_time: Type.Optional(Type.String()),
});
