import mammoth from 'mammoth';
import { readWebpage } from '../processors/webpage.js';
import { DocumentCapExceeded, type DocumentLimits, DocumentUnreadable } from './limits.js';
import { checkPdfInflation } from './pdf-scan.js';
import { checkZipInflation } from './zip-scan.js';

/*
 * What runs inside the parse worker (document-worker.ts): every format's reading, under the limits. Nothing here may
 * import the server's own services: the worker loads only the parsers.
 */

/** An image taken out of a document: a .docx's image file as stored, or a PDF image's decoded pixels. */
export type ExtractedImage =
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'pixels'; width: number; height: number; channels: 3 | 4; pixels: Uint8Array };

export interface ExtractedDocument {
  format: 'pdf' | 'docx' | 'html' | 'txt';
  /** Text per page: PDF pages as pdf.js reads them, other formats in pieces of at most 5,000 characters. */
  pages: string[];
  /** Whether the document had more text than the cap (the rest was not read). */
  textTruncated: boolean;
  /** Embedded images (PDF, .docx), when asked for. */
  images: ExtractedImage[];
  /** A webpage's `<img>` and `<video>` sources, as written. */
  imageSources?: string[];
  videoSources?: string[];
}

/** Splits long text into pieces of at most `max` characters at paragraph or line breaks where possible. */
function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.trim() !== '') pieces.push(rest);
  return pieces;
}

/** Text is moderated in pieces of at most this many characters (PDF pages excepted). */
const pieceChars = 5000;
/** Images smaller than this on either side (bullets, rules, icons) are not worth a look. */
const minImageSide = 32;
/** How long one decoded image of a PDF may take to arrive. */
const imageWaitMs = 5000;

/** The text cap: what is taken of each piece of text until it is full. */
class TextBudget {
  used = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  get full(): boolean {
    return this.used >= this.max;
  }
  take(text: string): string {
    const room = this.max - this.used;
    if (text.length > room) this.truncated = true;
    const taken = text.length > room ? text.slice(0, room) : text;
    this.used += taken.length;
    return taken;
  }
}

/** The image caps: at most `maxImages`, and at most `maxInflatedBytes` of them in all. */
class ImageBudget {
  readonly images: ExtractedImage[] = [];
  private bytes = 0;
  constructor(private readonly limits: DocumentLimits) {}
  get open(): boolean {
    return this.images.length < this.limits.maxImages && this.bytes < this.limits.maxInflatedBytes;
  }
  add(image: ExtractedImage, size: number): void {
    if (!this.open || this.bytes + size > this.limits.maxInflatedBytes) return;
    this.bytes += size;
    this.images.push(image);
  }
}

/**
 * Reads a document under the limits: its format by content, its text (at most `maxTextChars`) and, with `wantImages`,
 * its embedded images. Throws DocumentCapExceeded at a cap, DocumentUnreadable for a file that is not a readable
 * document.
 */
export async function extractDocument(
  bytes: Buffer,
  limits: DocumentLimits,
  wantImages: boolean,
): Promise<ExtractedDocument> {
  const head = bytes.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF-')) return readPdf(bytes, limits, wantImages);
  if (head.startsWith('PK\u0003\u0004')) return readDocx(bytes, limits, wantImages);
  return readText(bytes, limits);
}

/** PDF pages opened by pdf.js: no fonts rendered, no eval, images over the pixel cap never decoded. */
async function readPdf(bytes: Buffer, limits: DocumentLimits, wantImages: boolean): Promise<ExtractedDocument> {
  await checkPdfInflation(bytes, limits.maxInflatedBytes);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      useSystemFonts: false,
      isEvalSupported: false,
      disableFontFace: true,
      isOffscreenCanvasSupported: false,
      maxImageSize: limits.maxImagePixels,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw new DocumentUnreadable(`pdf.js cannot open it: ${(error as Error).message}`);
  }
  if (document.numPages > limits.maxPages) {
    throw new DocumentCapExceeded('pages', `${document.numPages} pages (at most ${limits.maxPages})`);
  }
  const text = new TextBudget(limits.maxTextChars);
  const images = new ImageBudget(limits);
  const pages: string[] = [];
  let imagesReadable = wantImages;
  for (let n = 1; n <= document.numPages; n++) {
    const wantsText = !text.full;
    const wantsImages = imagesReadable && images.open;
    if (!wantsText && !wantsImages) break;
    const page = await document.getPage(n);
    if (wantsText) {
      const content = await page.getTextContent();
      const items = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''));
      pages.push(text.take(items.join('')));
    }
    if (wantsImages) {
      try {
        await pdfPageImages(pdfjs, page, images);
      } catch (error) {
        if (error instanceof RangeError) throw error;
        // The text is read on; images that cannot be taken out leave the text's findings standing.
        imagesReadable = false;
      }
    }
    page.cleanup();
  }
  await document.destroy();
  return { format: 'pdf', pages, textTruncated: text.truncated, images: images.images };
}

interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

/** A page's painted images, decoded by pdf.js, as RGB or RGBA pixels. */
async function pdfPageImages(pdfjs: PdfJs, page: PdfPage, images: ImageBudget): Promise<void> {
  const operators = await page.getOperatorList();
  for (let i = 0; i < operators.fnArray.length && images.open; i++) {
    if (operators.fnArray[i] !== pdfjs.OPS.paintImageXObject) continue;
    const name = operators.argsArray[i]?.[0] as string;
    // Images shared between pages live in commonObjs (their names start with g_); the rest in the page's objs.
    const objects = name.startsWith('g_') ? page.commonObjs : page.objs;
    // The decoded image arrives from pdf.js's worker side on its own; an image that never does is skipped.
    const image = await new Promise<PdfImage | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), imageWaitMs);
      objects.get(name, (value: unknown) => {
        clearTimeout(timer);
        resolve(value as PdfImage);
      });
    });
    const pixels = image && pdfImagePixels(image, pdfjs.ImageKind);
    if (pixels) images.add(pixels, pixels.pixels.byteLength);
  }
}

function pdfImagePixels(
  image: PdfImage,
  kinds: { GRAYSCALE_1BPP: number; RGB_24BPP: number; RGBA_32BPP: number },
): Extract<ExtractedImage, { kind: 'pixels' }> | undefined {
  const { width, height, data, kind } = image;
  if (!data || Math.min(width, height) < minImageSide) return undefined;
  let channels: 3 | 4;
  let pixels: Uint8Array;
  // Copied: pdf.js keeps its own, and these go to the server as a transfer.
  if (kind === kinds.RGB_24BPP) [channels, pixels] = [3, Uint8Array.prototype.slice.call(data)];
  else if (kind === kinds.RGBA_32BPP) [channels, pixels] = [4, Uint8Array.prototype.slice.call(data)];
  else if (kind === kinds.GRAYSCALE_1BPP) [channels, pixels] = [3, expandOneBit(data, width, height)];
  else return undefined;
  if (pixels.length < width * height * channels) return undefined;
  return { kind: 'pixels', width, height, channels, pixels };
}

/** One bit a pixel, rows padded to whole bytes, 1 = white (pdf.js's GRAYSCALE_1BPP), as RGB. */
function expandOneBit(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1;
      out.fill(bit ? 255 : 0, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return out;
}

/** A .docx through mammoth, once its zip has been checked against the inflation caps. */
async function readDocx(bytes: Buffer, limits: DocumentLimits, wantImages: boolean): Promise<ExtractedDocument> {
  await checkZipInflation(bytes, limits);
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new DocumentUnreadable(`mammoth cannot read it: ${(error as Error).message}`);
  }
  const text = new TextBudget(limits.maxTextChars);
  const pages = splitText(text.take(raw), pieceChars);
  const images = new ImageBudget(limits);
  if (wantImages) {
    try {
      await mammoth.convertToHtml(
        { buffer: bytes },
        {
          convertImage: mammoth.images.imgElement(async (image) => {
            if (images.open) {
              const file = await image.readAsBuffer();
              images.add({ kind: 'file', bytes: file }, file.length);
            }
            return { src: '' };
          }),
        },
      );
    } catch (error) {
      if (error instanceof RangeError) throw error;
      // The text was read; images that cannot be taken out leave the text's findings standing.
    }
  }
  return { format: 'docx', pages, textTruncated: text.truncated, images: images.images };
}

/** The text of UTF-8 bytes in pieces of about 1 MiB (a large file is never one string); invalid UTF-8 throws. */
function* decodeUtf8(bytes: Buffer): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const step = 1 << 20;
  for (let at = 0; at < bytes.length; at += step) {
    yield decoder.decode(bytes.subarray(at, at + step), { stream: at + step < bytes.length });
  }
}

/** Plain text and webpages (by their start); only the text up to the cap is read and checked for UTF-8. */
function readText(bytes: Buffer, limits: DocumentLimits): ExtractedDocument {
  const text = new TextBudget(limits.maxTextChars);
  const pieces = decodeUtf8(bytes);
  try {
    const first = pieces.next();
    const start = first.done ? '' : first.value;
    if (/^\s*(<!doctype html|<html|<head|<body|<p>|<div)/i.test(start)) {
      const page = readWebpage(
        (function* () {
          yield start;
          yield* pieces;
        })(),
        limits.maxTextChars + 1,
      );
      if (page.text.includes('\u0000')) throw new DocumentUnreadable('NUL characters: not text');
      return {
        format: 'html',
        pages: splitText(text.take(page.text), pieceChars),
        textTruncated: text.truncated,
        images: [],
        imageSources: page.imageSources,
        videoSources: page.videoSources,
      };
    }
    let kept = text.take(start);
    for (const piece of pieces) {
      if (text.full) {
        if (piece.length > 0) text.truncated = true;
        break;
      }
      kept += text.take(piece);
    }
    if (kept.includes('\u0000')) throw new DocumentUnreadable('NUL characters: not text');
    return { format: 'txt', pages: splitText(kept, pieceChars), textTruncated: text.truncated, images: [] };
  } catch (error) {
    if (error instanceof TypeError) throw new DocumentUnreadable('not UTF-8 text');
    throw error;
  }
}
