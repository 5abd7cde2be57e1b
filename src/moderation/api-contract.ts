/**
 * The Content Moderation API's documented enumerations (../shared/specs/moderation-v3.md §4), in one place: every
 * operation's event types and request categories, and the labels answers may carry. Request parsing checks against
 * these lists; nothing else in the domain spells them out.
 */
export const eventTypes = {
  text: ['nickname', 'title', 'article', 'comment', 'barrage', 'search', 'profile'],
  image: ['head_image', 'album', 'dynamic', 'article', 'comment', 'room_cover', 'group_message', 'message', 'product'],
  audio: ['default', 'audiobook', 'education', 'game', 'live', 'ecommerce', 'voiceroom', 'private'],
  video: ['default', 'group_message', 'message', 'live', 'dynamic'],
  videoStream: ['default'],
  document: ['default', 'liberal_arts_education', 'sciences_education', 'news', 'forums', 'novels'],
} as const;

export const requestCategories = {
  text: ['terrorism', 'porn', 'ban', 'abuse', 'ad', 'politics'],
  image: ['terrorism', 'porn', 'image_text', 'politics'],
  audio: ['politics', 'porn', 'ad', 'moan', 'abuse'],
  /** Document text: `default` means the standard text risks. */
  documentText: ['default'],
  documentImage: ['politics', 'porn', 'terrorism', 'bad_scene', 'image_text'],
} as const;

/** Text checked when a text request names no categories: the SDK's documented default set. */
export const defaultTextCategories = ['terrorism', 'porn', 'ban', 'abuse', 'ad'] as const;

export type TextRequestCategory = (typeof requestCategories.text)[number];
export type ImageRequestCategory = (typeof requestCategories.image)[number];
export type AudioRequestCategory = (typeof requestCategories.audio)[number];

/** Text checked for each audio category (speech is moderated as text; `moan` needs a sound model this has not). */
export const textCategoriesForAudio: Record<AudioRequestCategory, readonly TextRequestCategory[]> = {
  politics: ['politics'],
  porn: ['porn'],
  ad: ['ad'],
  abuse: ['abuse'],
  moan: [],
};

/** Job statuses as the API shows them: a job waiting for a worker is already `running` to the client. */
export type ApiJobStatus = 'running' | 'succeeded' | 'failed';
