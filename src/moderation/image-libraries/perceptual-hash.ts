import sharp from 'sharp';

/**
 * The perceptual hash of image libraries: the 64-bit DCT pHash of `sharp-phash` (grey, 32 x 32, the 8 x 8 lowest
 * frequencies but the DC term, each bit above or below their mean), bit for bit (test/unit-image-hash-index.test.ts
 * compares them), written as 16 hex digits, the form that `POST .../hashes` imports. Computed here with a separable
 * DCT of only the 64 coefficients used: sharp-phash's full 2-D DCT costs about 10 ms an image, this about 0.1 ms. An image has two: of the whole picture, and of the picture without its border (a frame
 * of one colour), so that a framed copy (or a video frame's letterbox) matches its original through the second. A
 * library image also keeps the hashes of a few crops of its picture (`libraryCrops`), so that a cropped copy matches.
 */
export const hashHexPattern = /^[0-9a-fA-F]{16}$/;

/** A hash as two 32-bit halves (high, low): what the index and the distance work on. */
export interface HashWords {
  hi: number;
  lo: number;
}

/**
 * The largest Hamming distance (of 64 bits) at which an image is taken as a copy of a library image; README's
 * "Image libraries" gives the distances measured by bench/image-hash-distances.ts that it is chosen from.
 */
export const matchDistance = 10;

/** `confidence` of a hit: 1 for the same hash, falling linearly to 0.5 at the farthest distance that still matches. */
export function confidenceOf(distance: number): number {
  return Math.round((1 - distance / (2 * matchDistance)) * 10_000) / 10_000;
}

export function hashToWords(hex: string): HashWords {
  return { hi: Number.parseInt(hex.slice(0, 8), 16) | 0, lo: Number.parseInt(hex.slice(8, 16), 16) | 0 };
}

export function wordsToHash(words: HashWords): string {
  const part = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return part(words.hi) + part(words.lo);
}

/** Bits set in a 32-bit word (the SWAR popcount). */
export function bitCount(n: number): number {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hammingDistance(a: HashWords, b: HashWords): number {
  return bitCount(a.hi ^ b.hi) + bitCount(a.lo ^ b.lo);
}

const side = 32;
const kept = 8;
/** cos((2i + 1) u pi / 64), for the 32 samples i and the frequencies u = 1..8 that the hash keeps. */
const cosines = Array.from({ length: kept }, (_, k) =>
  Float64Array.from({ length: side }, (_, i) => Math.cos(((2 * i + 1) / (2 * side)) * (k + 1) * Math.PI)),
);

/**
 * pHash of 32 x 32 grey pixels (row by row), as sharp-phash takes it: coefficient (u, v) sums over x with u and y with
 * v, bits in u-major order, 1 where the coefficient is above the mean of the 64. (The normalisation sharp-phash
 * applies is the same positive factor for all 64 and cannot change a comparison with their mean.)
 */
export function phashOfSamples(samples: Uint8Array): string {
  // partial[x][v]: column x's coefficient v (a sum down the column); then row u of those, across the columns.
  const partial = new Float64Array(side * kept);
  for (let x = 0; x < side; x++) {
    for (let v = 0; v < kept; v++) {
      const cos = cosines[v]!;
      let sum = 0;
      for (let y = 0; y < side; y++) sum += cos[y]! * samples[side * y + x]!;
      partial[x * kept + v] = sum;
    }
  }
  const coefficients = new Float64Array(kept * kept);
  let total = 0;
  for (let u = 0; u < kept; u++) {
    const cos = cosines[u]!;
    for (let v = 0; v < kept; v++) {
      let sum = 0;
      for (let x = 0; x < side; x++) sum += cos[x]! * partial[x * kept + v]!;
      coefficients[u * kept + v] = sum;
      total += sum;
    }
  }
  const mean = total / (kept * kept);
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (coefficients[nibble * 4 + bit]! > mean ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

/** A grey level within this of the border's still counts as the border (JPEG's noise, the edge's antialiasing). */
const borderTolerance = 16;
/** A row or column is border when at most this share of it is not the border's colour (a speck, a ringing pixel). */
const borderSpecks = 0.02;
/** What is left after removing the border is never thinner than this (it would be the border's noise). */
const minSide = 16;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where the picture is inside a border: the border's colour is the one most of the outer ring has (none when no
 * colour has half of it); rows and columns of that colour are peeled from each side in turn until none is left.
 */
export function borderlessBox(grey: Uint8Array, width: number, height: number): Box {
  const histogram = new Uint32Array(256);
  for (let x = 0; x < width; x++) {
    histogram[grey[x]!]!++;
    histogram[grey[(height - 1) * width + x]!]!++;
  }
  for (let y = 0; y < height; y++) {
    histogram[grey[y * width]!]!++;
    histogram[grey[y * width + width - 1]!]!++;
  }
  let colour = 0;
  for (let level = 1; level < 256; level++) if (histogram[level]! > histogram[colour]!) colour = level;
  let near = 0;
  for (let level = Math.max(0, colour - borderTolerance); level <= Math.min(255, colour + borderTolerance); level++)
    near += histogram[level]!;
  const whole = { left: 0, top: 0, width, height };
  if (near < width + height) return whole;
  const isBorder = (at: (i: number) => number, length: number) => {
    let off = 0;
    for (let i = 0; i < length; i++) if (Math.abs(at(i) - colour) > borderTolerance) off++;
    return off <= borderSpecks * length;
  };
  let [top, bottom, left, right] = [0, height, 0, width];
  for (let peeled = true; peeled;) {
    const before = top + bottom + left + right;
    while (bottom - top > minSide && isBorder((i) => grey[top * width + left + i]!, right - left)) top++;
    while (bottom - top > minSide && isBorder((i) => grey[(bottom - 1) * width + left + i]!, right - left)) bottom--;
    while (right - left > minSide && isBorder((i) => grey[(top + i) * width + left]!, bottom - top)) left++;
    while (right - left > minSide && isBorder((i) => grey[(top + i) * width + right - 1]!, bottom - top)) right--;
    peeled = top + bottom + left + right !== before;
  }
  return { left, top, width: right - left, height: bottom - top };
}

async function hashOfBox(grey: Buffer, width: number, height: number, box: Box): Promise<string> {
  // As sharp-phash samples an image: grey, resized to 32 x 32 regardless of its proportions. (Raw input of one
  // channel comes out of sharp as three unless it is told grey again.)
  const samples = await sharp(grey, { raw: { width, height, channels: 1 } })
    .extract(box)
    .greyscale()
    .resize(side, side, { fit: 'fill' })
    .raw()
    .toBuffer();
  return phashOfSamples(samples);
}

/** An image's two hashes: of the whole picture, and of the picture inside its border (the same when it has none). */
export interface ImageHashes {
  hash: string;
  borderless: string;
}

/** A library image's hashes: its two, and those of crops of it (what a cropped copy is near). */
export interface LibraryImageHashes extends ImageHashes {
  crops: string[];
}

/** Shares of the picture's width and height trimmed from its left, top, right and bottom. */
export type Trim = readonly [left: number, top: number, right: number, bottom: number];

/**
 * The crops whose hashes a library image keeps besides its two, chosen by bench/image-hash-distances.ts (README's
 * "Image libraries"): a copy cropped by 5% (centred, from one side, or off-centre) is far from the whole picture's hash
 * (up to 28 bits) but near one of these. Kept on the library's side, not tried on the image asked about, so that the
 * image check still hashes twice and looks up twice; the index holds more hashes instead (bench/image-library-index).
 */
export const libraryCrops: readonly Trim[] = [
  [0.03, 0.03, 0.03, 0.03],
  [0.05, 0, 0, 0],
  [0, 0.05, 0, 0],
  [0, 0, 0.05, 0],
  [0, 0, 0, 0.05],
  [0.05, 0.05, 0, 0],
  [0, 0.05, 0.05, 0],
  [0.05, 0, 0, 0.05],
  [0, 0, 0.05, 0.05],
];

/**
 * A hit on a crop's hash counts this many bits farther than one on the picture's: crops' hashes bring different
 * images nearer as well, and this keeps those false matches near what the two hashes alone gave (README's figures).
 */
export const cropPenalty = 3;

/**
 * The hashes of decoded pixels, as the image checks have them (an image resized for the classifier, a video frame):
 * 1 to 4 channels, told by their length.
 */
export async function hashPixels(pixels: Buffer, width: number, height: number): Promise<ImageHashes> {
  const { hash, borderless } = await hashPixelsWithCrops(pixels, width, height, []);
  return { hash, borderless };
}

/** A library image's hashes: the two of `hashPixels`, and those of `libraryCrops` of the picture inside its border. */
export function hashLibraryImage(pixels: Buffer, width: number, height: number): Promise<LibraryImageHashes> {
  return hashPixelsWithCrops(pixels, width, height, libraryCrops);
}

/** The two hashes of decoded pixels and those of `crops` of the picture inside its border. */
export async function hashPixelsWithCrops(
  pixels: Buffer,
  width: number,
  height: number,
  crops: readonly Trim[],
): Promise<LibraryImageHashes> {
  const channels = pixels.length / (width * height);
  if (![1, 2, 3, 4].includes(channels))
    throw new Error(`${pixels.length} bytes are not pixels of ${width} x ${height}`);
  const grey = await sharp(pixels, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } })
    .greyscale()
    .removeAlpha()
    .raw()
    .toBuffer();
  const box = borderlessBox(grey, width, height);
  const whole = box.width === width && box.height === height;
  const [hash, borderless, ...cropped] = await Promise.all([
    hashOfBox(grey, width, height, { left: 0, top: 0, width, height }),
    whole ? undefined : hashOfBox(grey, width, height, box),
    ...crops.map((trim) => hashOfBox(grey, width, height, trimmed(box, trim))),
  ]);
  return { hash: hash!, borderless: borderless ?? hash!, crops: [...new Set(cropped as string[])] };
}

/** `box` less the shares of `trim` (at least a pixel left each way). */
export function trimmed(box: Box, [left, top, right, bottom]: Trim): Box {
  const [l, r] = [Math.round(box.width * left), Math.round(box.width * right)];
  const [t, b] = [Math.round(box.height * top), Math.round(box.height * bottom)];
  return {
    left: box.left + l,
    top: box.top + t,
    width: Math.max(1, box.width - l - r),
    height: Math.max(1, box.height - t - b),
  };
}
