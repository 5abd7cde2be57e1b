import mammoth from 'mammoth';
import { ApiError } from '../../../errors/api-error.js';
import type { GlossaryStore } from '../../glossaries.js';
import type { JobContext } from '../job-runner.js';
import { type JobFiles, readJobFile } from '../job-request.js';
import { moderatePieces, splitText } from './text-chunks.js';

export const documentFormats = ['pdf', 'docx', 'txt', 'html', 'md'] as const;

/** Text per page: PDF pages as pdf.js reads them; other formats split into pieces of at most 5,000 characters. */
export async function extractDocument(bytes: Buffer): Promise<{ format: string; pages: string[] }> {
  const head = bytes.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF-')) return { format: 'pdf', pages: await pdfPages(bytes) };
  if (head.startsWith('PK\u0003\u0004')) {
    let text: string;
    try {
      text = (await mammoth.extractRawText({ buffer: bytes })).value;
    } catch {
      throw new ApiError('AIS.0021');
    }
    return { format: 'docx', pages: splitText(text, 5000) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('AIS.0021');
  }
  if (text.includes('\u0000')) throw new ApiError('AIS.0021');
  if (/^\s*(<!doctype html|<html|<body|<p>|<div)/i.test(text)) {
    const plain = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    return { format: 'html', pages: splitText(plain, 5000) };
  }
  return { format: 'txt', pages: splitText(text, 5000) };
}

async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    // Text extraction needs no fonts rendered; verbosity 0 keeps pdf.js's font warnings out of the log.
    document = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      useSystemFonts: false,
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch {
    throw new ApiError('AIS.0021');
  }
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages;
}

export function documentProcessor(files: JobFiles, glossaries: GlossaryStore) {
  return async ({ job, request }: JobContext) => {
    const bytes = await readJobFile(files, job.project_id, request.data.url);
    const { format, pages } = await extractDocument(bytes);
    const result = await moderatePieces(
      glossaries,
      job.project_id,
      request,
      pages.map((text, i) => ({ text, meta: { page: i + 1 } })),
    );
    return { format, pages: pages.length, ...result };
  };
}
