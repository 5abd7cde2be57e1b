/**
 * What reading one document may take, passed to its parse worker (plain data: it crosses the worker boundary). The
 * README's Security section lists each with its setting and default.
 */
export interface DocumentLimits {
  /** PDF pages; a PDF with more is refused before any page is read. */
  maxPages: number;
  /**
   * Bytes a document may inflate to: the entries of a .docx (declared and actually inflated), the Flate streams of a
   * PDF, and any one buffer a parser allocates. Also the budget of the images handed back (raw pixels or files).
   */
  maxInflatedBytes: number;
  /** Largest inflated-to-compressed ratio of a .docx entry over 1 MiB (a zip bomb's mark; Apache POI's rule). */
  maxCompressionRatio: number;
  /** Characters of text read; the rest of the document's text is not checked. */
  maxTextChars: number;
  /** Embedded images taken out (the first ones in reading order). */
  maxImages: number;
  /** Pixels of one embedded PDF image; larger ones are not decoded (skipped). */
  maxImagePixels: number;
}

/** The caps a document can hit; each ends its job as failed with AIS.0023, for good (the same file hits it again). */
export type DocumentCap = 'pages' | 'inflated' | 'time' | 'memory';

/** Thrown inside the parse worker when a cap is hit, and reported to the server as such. */
export class DocumentCapExceeded extends Error {
  constructor(
    readonly cap: DocumentCap,
    detail: string,
  ) {
    super(detail);
    this.name = 'DocumentCapExceeded';
  }
}

/** Thrown inside the parse worker for a file that is not a readable document of its kind (AIS.0021). */
export class DocumentUnreadable extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'DocumentUnreadable';
  }
}
