/**
 * The image formats moderation accepts (sharp's names), with the names people know them by and their media types.
 * The one list: the decoder checks against it, and the console's hint and file picker are built from it. No imports,
 * so that the console's bundle can take it as it is.
 */
export const imageFormats = [
  { format: 'jpeg', name: 'JPEG', mediaType: 'image/jpeg' },
  { format: 'png', name: 'PNG', mediaType: 'image/png' },
  { format: 'webp', name: 'WebP', mediaType: 'image/webp' },
  { format: 'gif', name: 'GIF', mediaType: 'image/gif' },
  { format: 'tiff', name: 'TIFF', mediaType: 'image/tiff' },
] as const;
