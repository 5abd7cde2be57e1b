import { inflateCounted } from './inflate.js';
import { DocumentCapExceeded } from './limits.js';

/** Whether bytes start as a zlib stream does (deflate, a valid check): what pdf.js's Flate filter insists on too. */
function zlibHeader(data: Uint8Array): boolean {
  return data.length >= 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) + data[1]!) % 31 === 0;
}

/** A stream deflated this many times over is counted to the end; more is a file built to be refused anyway. */
const maxFlateStages = 4;

/**
 * Refuses a PDF whose Flate streams inflate past `maxInflatedBytes` in all, before pdf.js reads any. Every stream
 * whose data starts as zlib data is inflated and counted (nothing is kept), whatever its dictionary says: a name
 * written with #-escapes, a filter behind an indirect reference or a misleading /Subtype cannot hide one, and a
 * stream deflated twice or more is inflated again and counted at each stage. Streams behind another filter first
 * (ASCII85, LZW, RunLength...) and encrypted files are not counted here: for them the cap on any one buffer the
 * parser allocates and the worker's heap limit hold.
 */
export async function checkPdfInflation(pdf: Buffer, maxInflatedBytes: number): Promise<void> {
  let total = 0;
  for (let at = pdf.indexOf('stream'); at !== -1; at = pdf.indexOf('stream', at + 6)) {
    if (at >= 3 && pdf.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (pdf[start] === 0x0d && pdf[start + 1] === 0x0a) start += 2;
    else if (pdf[start] === 0x0a || pdf[start] === 0x0d) start += 1;
    else continue;
    const end = pdf.indexOf('endstream', start);
    let data: Uint8Array = pdf.subarray(start, end === -1 ? pdf.length : end);
    for (let stage = 1; stage <= maxFlateStages && zlibHeader(data); stage++) {
      let result = await inflateCounted(data, 'zlib', maxInflatedBytes - total);
      if (total + result.size > maxInflatedBytes) {
        throw new DocumentCapExceeded('inflated', `streams inflate to more than ${maxInflatedBytes} bytes`);
      }
      // Deflated again inside (rare but for a bomb): inflated once more, kept this time, for the next stage.
      if (stage === maxFlateStages || !zlibHeader(result.head)) {
        total += result.size;
        break;
      }
      result = await inflateCounted(data, 'zlib', maxInflatedBytes - total, true);
      total += result.size;
      data = result.bytes!;
    }
  }
}
