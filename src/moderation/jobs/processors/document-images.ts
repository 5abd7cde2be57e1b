import mammoth from 'mammoth';
import sharp from 'sharp';

/** At most this many images of one document are moderated (the first ones, in reading order). */
export const maxDocumentImages = 50;
/** Images smaller than this on either side (bullets, rules, icons) are not worth a look. */
const minSide = 32;
/** How long one decoded image of a PDF may take to arrive. */
const imageWaitMs = 5000;

/**
 * Opens a PDF with pdf.js: no fonts rendered, no eval, verbosity 0 (keeps its font warnings out of the log).
 * `maxImagePixels`: images larger (width x height) are dropped by pdf.js before it decodes them (its default is no
 * limit: a few kilobytes of deflated PDF can hold an image of gigabytes).
 */
export async function openPdf(bytes: Buffer, maxImagePixels = -1) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
    maxImageSize: maxImagePixels,
  }).promise;
  return { pdfjs, document };
}

/** The embedded images of a PDF, as PNG files, in page order; those over `maxPixels` are left out undecoded. */
export async function pdfImages(bytes: Buffer, maxPixels: number): Promise<Buffer[]> {
  const { pdfjs, document } = await openPdf(bytes, maxPixels);
  const images: Buffer[] = [];
  try {
    for (let n = 1; n <= document.numPages && images.length < maxDocumentImages; n++) {
      const page = await document.getPage(n);
      const operators = await page.getOperatorList();
      for (let i = 0; i < operators.fnArray.length && images.length < maxDocumentImages; i++) {
        if (operators.fnArray[i] !== pdfjs.OPS.paintImageXObject) continue;
        const name = operators.argsArray[i]?.[0] as string;
        // Images shared between pages live in commonObjs (their names start with g_); the rest in the page's objs.
        const objects = name.startsWith('g_') ? page.commonObjs : page.objs;
        // The decoded image arrives from pdf.js's worker on its own; an image that never does is skipped.
        const image = await new Promise<PdfImage | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), imageWaitMs);
          objects.get(name, (value: unknown) => {
            clearTimeout(timer);
            resolve(value as PdfImage);
          });
        });
        const png = image && (await pdfImageToPng(image, pdfjs.ImageKind));
        if (png) images.push(png);
      }
      page.cleanup();
    }
  } finally {
    await document.destroy();
  }
  return images;
}

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

async function pdfImageToPng(
  image: PdfImage,
  kinds: { GRAYSCALE_1BPP: number; RGB_24BPP: number; RGBA_32BPP: number },
): Promise<Buffer | undefined> {
  const { width, height, data, kind } = image;
  if (!data || Math.min(width, height) < minSide) return undefined;
  let channels: 3 | 4;
  let pixels: Buffer;
  if (kind === kinds.RGB_24BPP) [channels, pixels] = [3, Buffer.from(data.buffer, data.byteOffset, data.byteLength)];
  else if (kind === kinds.RGBA_32BPP)
    [channels, pixels] = [4, Buffer.from(data.buffer, data.byteOffset, data.byteLength)];
  else if (kind === kinds.GRAYSCALE_1BPP) [channels, pixels] = [3, expandOneBit(data, width, height)];
  else return undefined;
  if (pixels.length < width * height * channels) return undefined;
  return sharp(pixels, { raw: { width, height, channels } }).png({ compressionLevel: 1 }).toBuffer();
}

/** One bit a pixel, rows padded to whole bytes, 1 = white (pdf.js's GRAYSCALE_1BPP), as RGB. */
function expandOneBit(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
      out.fill(bit ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return out;
}

/** The embedded images of a .docx file, in document order. */
export async function docxImages(bytes: Buffer): Promise<Buffer[]> {
  const images: Buffer[] = [];
  await mammoth.convertToHtml(
    { buffer: bytes },
    {
      convertImage: mammoth.images.imgElement(async (image) => {
        if (images.length < maxDocumentImages) images.push(await image.readAsBuffer());
        return { src: '' };
      }),
    },
  );
  return images;
}
