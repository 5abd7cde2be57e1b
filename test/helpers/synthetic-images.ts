import sharp from 'sharp';
import { mulberry32 } from '../../scripts/seeded-random.js';

/**
 * Seeded images of the kinds a library holds and the checks meet: photo-like scenes (smooth blobs of colour with fine
 * grain), drawings (shapes on a plain ground), text, and gradients. The same seed always gives the same image, so
 * tests and benches replay; different seeds give different pictures.
 */
export type SyntheticKind = 'photo' | 'shapes' | 'text' | 'gradient';
export const syntheticKinds: readonly SyntheticKind[] = ['photo', 'shapes', 'text', 'gradient'];

const words = ['LIBERTY', 'SALE', 'FLAG', 'UNITY', 'NOTICE', 'ORDER', 'RALLY', 'EMBLEM', 'VICTORY', 'SIGNAL', 'FRONT'];

function colour(random: () => number): string {
  const c = () => Math.floor(random() * 256);
  return `rgb(${c()},${c()},${c()})`;
}

async function photo(random: () => number, width: number, height: number): Promise<Buffer> {
  // A coarse grid of random colours enlarged smoothly: the low frequencies a photo's hash is made of.
  const gw = 4 + Math.floor(random() * 6);
  const gh = 3 + Math.floor(random() * 5);
  const coarse = Buffer.alloc(gw * gh * 3);
  for (let i = 0; i < coarse.length; i++) coarse[i] = Math.floor(random() * 256);
  const base = await sharp(coarse, { raw: { width: gw, height: gh, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .blur(6)
    .raw()
    .toBuffer();
  for (let i = 0; i < base.length; i++) base[i] = Math.max(0, Math.min(255, base[i]! + Math.floor(random() * 24) - 12));
  return sharp(base, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

function svgImage(random: () => number, width: number, height: number, kind: SyntheticKind): Buffer {
  const parts: string[] = [];
  if (kind === 'gradient') {
    parts.push(
      `<defs><linearGradient id="g" x1="${random()}" y1="${random()}" x2="${random()}" y2="${random()}">` +
        `<stop offset="0" stop-color="${colour(random)}"/><stop offset="${0.3 + random() * 0.4}" stop-color="${colour(random)}"/>` +
        `<stop offset="1" stop-color="${colour(random)}"/></linearGradient></defs>`,
      `<rect width="100%" height="100%" fill="url(#g)"/>`,
      `<circle cx="${random() * width}" cy="${random() * height}" r="${(0.1 + random() * 0.3) * height}" fill="${colour(random)}" opacity="0.7"/>`,
    );
  } else {
    parts.push(`<rect width="100%" height="100%" fill="${colour(random)}"/>`);
  }
  if (kind === 'shapes') {
    for (let i = 0, n = 3 + Math.floor(random() * 5); i < n; i++) {
      const x = random() * width;
      const y = random() * height;
      const s = (0.1 + random() * 0.35) * Math.min(width, height);
      if (random() < 0.5) parts.push(`<circle cx="${x}" cy="${y}" r="${s / 2}" fill="${colour(random)}"/>`);
      else if (random() < 0.5)
        parts.push(
          `<rect x="${x - s / 2}" y="${y - s / 2}" width="${s}" height="${s * (0.5 + random())}" fill="${colour(random)}"/>`,
        );
      else parts.push(`<polygon points="${x},${y - s} ${x + s},${y + s} ${x - s},${y + s}" fill="${colour(random)}"/>`);
    }
  }
  if (kind === 'text') {
    for (let line = 0, n = 1 + Math.floor(random() * 3); line < n; line++) {
      const text = words[Math.floor(random() * words.length)]!;
      const size = Math.floor((0.12 + random() * 0.1) * height);
      parts.push(
        `<text x="${(0.05 + random() * 0.2) * width}" y="${((line + 1) * height) / (n + 1) + size / 3}" font-family="sans-serif" ` +
          `font-weight="bold" font-size="${size}" fill="${colour(random)}">${text}</text>`,
      );
    }
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`,
  );
}

/** A seeded image of `kind`, as PNG bytes (640 x 480 unless told). */
export async function syntheticImage(kind: SyntheticKind, seed: number, width = 640, height = 480): Promise<Buffer> {
  const random = mulberry32(seed * 7919 + syntheticKinds.indexOf(kind));
  if (kind === 'photo') return photo(random, width, height);
  return sharp(svgImage(random, width, height, kind))
    .flatten({ background: '#fff' })
    .png()
    .toBuffer();
}

/** The copies a library must still recognise, each as encoded bytes. */
export const copyTransformations: Record<string, (image: Buffer) => Promise<Buffer>> = {
  'resized to half': async (image) => {
    const { width } = await sharp(image).metadata();
    return sharp(image)
      .resize(Math.round(width! / 2))
      .png()
      .toBuffer();
  },
  'JPEG quality 50': (image) => sharp(image).jpeg({ quality: 50 }).toBuffer(),
  grey: (image) => sharp(image).greyscale().png().toBuffer(),
  'white border': (image) =>
    sharp(image).extend({ top: 40, bottom: 40, left: 40, right: 40, background: '#ffffff' }).png().toBuffer(),
  'black border': (image) =>
    sharp(image).extend({ top: 24, bottom: 24, left: 60, right: 60, background: '#000000' }).png().toBuffer(),
  'cropped by 5%': (image) => cropped(image, 0.025, 0.025, 0.025, 0.025),
  'cropped 5% left': (image) => cropped(image, 0.05, 0, 0, 0),
  'cropped 5% bottom': (image) => cropped(image, 0, 0, 0, 0.05),
  'cropped 5% off-centre': (image) => cropped(image, 0.05, 0.05, 0, 0),
  'cropped 5% right, 2% top': (image) => cropped(image, 0, 0.02, 0.05, 0),
};

/** The image without the given shares of its width (left, right) and height (top, bottom). */
async function cropped(image: Buffer, left: number, top: number, right: number, bottom: number): Promise<Buffer> {
  const { width, height } = await sharp(image).metadata();
  const [l, t] = [Math.round(width! * left), Math.round(height! * top)];
  const [r, b] = [Math.round(width! * right), Math.round(height! * bottom)];
  return sharp(image)
    .extract({ left: l, top: t, width: width! - l - r, height: height! - t - b })
    .png()
    .toBuffer();
}
