/** The models that ship inside the nsfwjs package (nothing is downloaded); kept apart so config needs no TensorFlow. */
export const nsfwModels = ['MobileNetV2Mid', 'MobileNetV2', 'InceptionV3'] as const;
export type NsfwModelName = (typeof nsfwModels)[number];
