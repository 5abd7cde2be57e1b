import { Parser } from 'htmlparser2';

/** What a webpage document holds for moderation: its visible text and the images it shows. */
export interface WebpageContent {
  text: string;
  /** `src` of each `<img>`, as written (relative or absolute, data: URIs included), in page order, no repeats. */
  imageSources: string[];
  /** `src` of each `<video>`, or of its first `<source>`, as written, in page order, no repeats. */
  videoSources: string[];
}

/** Elements whose content is not shown as text. */
const hidden = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'svg']);
/** Elements that break the text into lines, so that pieces are cut at paragraph ends and words do not run together. */
const breaking = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
]);

/**
 * Reads a webpage as a browser would show it, with htmlparser2 (a tolerant streaming parser: broken markup still
 * reads, entities are decoded): the text outside scripts and styles, and the sources of its images and videos.
 */
export function readWebpage(html: string): WebpageContent {
  const text: string[] = [];
  const imageSources = new Set<string>();
  const videoSources = new Set<string>();
  // Inside a <video> that has no src of its own yet: its first <source> is the one a browser would try first.
  let videoWithoutSource = false;
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (hidden.has(name)) hiddenDepth++;
        if (breaking.has(name)) text.push('\n');
        const src = attributes.src?.trim();
        if (name === 'img' && src) imageSources.add(src);
        if (name === 'video') {
          if (src) videoSources.add(src);
          videoWithoutSource = !src;
        }
        if (name === 'source' && videoWithoutSource && src) {
          videoSources.add(src);
          videoWithoutSource = false;
        }
      },
      ontext(data) {
        if (hiddenDepth === 0) text.push(data);
      },
      onclosetag(name, isImplied) {
        if (hidden.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (breaking.has(name) && !isImplied) text.push('\n');
        if (name === 'video') videoWithoutSource = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const joined = text
    .join('')
    .replace(/[ \t\f\r\u00a0]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
  return { text: joined, imageSources: [...imageSources], videoSources: [...videoSources] };
}

/** A `data:image/...;base64,` source's bytes, or undefined for any other source. */
export function dataUriBytes(source: string): Buffer | undefined {
  const match = /^data:image\/[a-z0-9.+-]+;base64,/i.exec(source);
  return match ? Buffer.from(source.slice(match[0].length), 'base64') : undefined;
}
