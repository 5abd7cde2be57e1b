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

/** Sources of each kind kept from one page (the job fetches far fewer): a page of a million tags stays small. */
const maxSources = 1000;

/** Runs of blanks as one space, and line breaks with the blanks around them as one break. */
const collapse = (text: string) => text.replace(/[ \t\f\r\u00a0]+/g, ' ').replace(/ ?\n[\s]*/g, '\n');

/**
 * Reads a webpage as a browser would show it, with htmlparser2 (a tolerant streaming parser: broken markup still
 * reads, entities are decoded): the text outside scripts and styles, and the sources of its images and videos. The
 * page comes in pieces (a large page is never one string), and text past `maxTextChars` is not kept.
 */
export function readWebpage(html: string | Iterable<string>, maxTextChars = Infinity): WebpageContent {
  let kept = '';
  let pending: string[] = [];
  let pendingLength = 0;
  // Collapsed as it comes, so that a page of blanks and markup does not keep more than the cap of text. A run of
  // blanks never spans a visible character, so only the blanks that end what was kept join the new text.
  const flush = () => {
    let head = kept.length;
    while (head > 0 && /\s/.test(kept[head - 1]!)) head--;
    kept = kept.slice(0, head) + collapse(kept.slice(head) + pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  const imageSources = new Set<string>();
  const videoSources = new Set<string>();
  const addSource = (sources: Set<string>, src: string) => {
    if (sources.size < maxSources) sources.add(src);
  };
  const push = (text: string) => {
    if (kept.length > maxTextChars) return;
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength > 1 << 20) flush();
  };
  // Inside a <video> that has no src of its own yet: its first <source> is the one a browser would try first.
  let videoWithoutSource = false;
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (hidden.has(name)) hiddenDepth++;
        if (breaking.has(name)) push('\n');
        const src = attributes.src?.trim();
        if (name === 'img' && src) addSource(imageSources, src);
        if (name === 'video') {
          if (src) addSource(videoSources, src);
          videoWithoutSource = !src;
        }
        if (name === 'source' && videoWithoutSource && src) {
          addSource(videoSources, src);
          videoWithoutSource = false;
        }
      },
      ontext(data) {
        if (hiddenDepth === 0) push(data);
      },
      onclosetag(name, isImplied) {
        if (hidden.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        if (breaking.has(name) && !isImplied) push('\n');
        if (name === 'video') videoWithoutSource = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  for (const piece of typeof html === 'string' ? [html] : html) parser.write(piece);
  parser.end();
  flush();
  return { text: kept.trim().slice(0, maxTextChars), imageSources: [...imageSources], videoSources: [...videoSources] };
}

/** A `data:image/...;base64,` source's bytes, or undefined for any other source. */
export function dataUriBytes(source: string): Buffer | undefined {
  const match = /^data:image\/[a-z0-9.+-]+;base64,/i.exec(source);
  return match ? Buffer.from(source.slice(match[0].length), 'base64') : undefined;
}
