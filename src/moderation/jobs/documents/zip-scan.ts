import { inflatedSize } from './inflate.js';
import { DocumentCapExceeded, type DocumentLimits, DocumentUnreadable } from './limits.js';

/** More parts than any real Office file has; each part costs the parser an object or more. */
const maxZipEntries = 10_000;
/** Entries smaller than this are not held to the compression ratio (small XML parts compress very well). */
const ratioGraceBytes = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const u16 = (b: Buffer, at: number) => b.readUInt16LE(at);
const u32 = (b: Buffer, at: number) => b.readUInt32LE(at);
const u64 = (b: Buffer, at: number) => Number(b.readBigUInt64LE(at));

/** The end-of-central-directory record: where the entries are listed, and how many (ZIP64 included). */
function centralDirectory(zip: Buffer): { offset: number; count: number } {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (u32(zip, at) !== 0x06054b50) continue;
    let count = u16(zip, at + 10);
    let offset = u32(zip, at + 16);
    if ((count === 0xffff || offset === 0xffffffff) && at >= 20 && u32(zip, at - 20) === 0x07064b50) {
      const record = u64(zip, at - 12);
      if (record + 56 > zip.length || u32(zip, record) !== 0x06064b50) break;
      count = u64(zip, record + 32);
      offset = u64(zip, record + 48);
    }
    return { offset, count };
  }
  throw new DocumentUnreadable('no end of central directory: not a zip file');
}

/** The entries as the central directory lists them (what JSZip, under mammoth, reads too). */
function zipEntries(zip: Buffer): ZipEntry[] {
  const { offset, count } = centralDirectory(zip);
  if (count > maxZipEntries)
    throw new DocumentCapExceeded('inflated', `${count} zip entries (at most ${maxZipEntries})`);
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || u32(zip, at) !== 0x02014b50) throw new DocumentUnreadable('broken central directory');
    const nameLength = u16(zip, at + 28);
    const extraLength = u16(zip, at + 30);
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: u16(zip, at + 10),
      compressedSize: u32(zip, at + 20),
      uncompressedSize: u32(zip, at + 24),
      localHeaderOffset: u32(zip, at + 42),
    };
    // ZIP64: the fields set to 0xffffffff are in the extra field 0x0001, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = Math.min(extra + extraLength, zip.length);
    while (extra + 4 <= extraEnd) {
      const id = u16(zip, extra);
      const size = u16(zip, extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
          if (entry[key] !== 0xffffffff || field + 8 > extra + 4 + size) continue;
          entry[key] = u64(zip, field);
          field += 8;
        }
      }
      extra += 4 + size;
    }
    entries.push(entry);
    at += 46 + nameLength + extraLength + u16(zip, at + 32);
  }
  return entries;
}

/**
 * Refuses a zip (a .docx) that would inflate past the limits, before any parser inflates it: first by the sizes the
 * central directory declares, then by inflating each entry for real and counting (nothing is kept), since a bomb may
 * declare small sizes. Caps: `maxInflatedBytes` for all entries together, `maxCompressionRatio` for one entry over
 * 1 MiB, and at most 10,000 entries (overlapping entries, the other bomb trick, are each counted). A file whose zip
 * structure cannot be read is unreadable here as it would be for the parser.
 */
export async function checkZipInflation(zip: Buffer, limits: DocumentLimits): Promise<void> {
  const entries = zipEntries(zip);
  const tooRatio = (inflated: number, compressed: number) =>
    inflated > ratioGraceBytes && inflated > limits.maxCompressionRatio * Math.max(compressed, 1);
  let declared = 0;
  for (const entry of entries) {
    declared += entry.uncompressedSize;
    if (tooRatio(entry.uncompressedSize, entry.compressedSize))
      throw new DocumentCapExceeded(
        'inflated',
        `${entry.name} declares a compression ratio over ${limits.maxCompressionRatio}`,
      );
  }
  if (declared > limits.maxInflatedBytes)
    throw new DocumentCapExceeded('inflated', `entries declare ${declared} bytes (at most ${limits.maxInflatedBytes})`);
  let inflated = 0;
  for (const entry of entries) {
    const local = entry.localHeaderOffset;
    if (local + 30 > zip.length || u32(zip, local) !== 0x04034b50) throw new DocumentUnreadable('broken local header');
    const start = local + 30 + u16(zip, local + 26) + u16(zip, local + 28);
    const data = zip.subarray(start, Math.min(start + entry.compressedSize, zip.length));
    // Stored entries are their own size; other methods than deflate are refused by the parser itself.
    if (entry.method === 0) inflated += data.length;
    if (entry.method !== 8) continue;
    const budget = limits.maxInflatedBytes - inflated;
    const limit = Math.min(budget, Math.max(ratioGraceBytes, limits.maxCompressionRatio * Math.max(data.length, 1)));
    const size = await inflatedSize(data, 'raw', limit);
    if (size === Infinity) {
      throw new DocumentCapExceeded(
        'inflated',
        limit === budget
          ? `entries inflate to more than ${limits.maxInflatedBytes} bytes`
          : `${entry.name} inflates with a compression ratio over ${limits.maxCompressionRatio}`,
      );
    }
    inflated += size;
  }
  if (inflated > limits.maxInflatedBytes)
    throw new DocumentCapExceeded('inflated', `entries inflate to more than ${limits.maxInflatedBytes} bytes`);
}
