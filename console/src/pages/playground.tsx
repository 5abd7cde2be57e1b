import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { imageFormats } from '../../../src/moderation/image/formats';
import { call, projectPath } from '../api';
import { Badge, Card, ErrorNote, Field, Json, Page, suggestionTone, TableHead, useAction, useLoad } from '../ui';
// The list fields' checkboxes, shared with the key form's model allowlist.
import { Checkboxes } from '../ui';

interface Segment {
  segment: string;
  position: [number, number];
  glossary_name?: string;
}

interface TextResult {
  request_id: string;
  result: {
    suggestion: string;
    label: string;
    details: { suggestion: string; label: string; confidence: number; segments?: Segment[] }[];
  };
}

interface ImageResult {
  request_id: string;
  result: {
    suggestion: string;
    category: string;
    details: {
      suggestion: string;
      category: string;
      confidence: number;
      label: string;
      segments?: { segment: string; glossary_name?: string }[];
      qr_content?: string;
    }[];
    ocr_text?: string;
  };
}

export interface Glossary {
  name: string;
  type: 'black' | 'white';
  description: string;
  word_count?: number;
  category?: string | null;
}

const textEventTypes = ['comment', 'nickname', 'title', 'article', 'barrage', 'search', 'profile'];
const textCategories = ['terrorism', 'porn', 'ban', 'abuse', 'ad', 'politics'];
const imageEventTypes = [
  'head_image',
  'album',
  'dynamic',
  'article',
  'comment',
  'room_cover',
  'group_message',
  'message',
  'product',
];
const imageCategories = ['porn', 'terrorism', 'image_text', 'politics'];
/** The formats the image API accepts, from the server's one list of them (others answer AIS.0402). */
const formatNames = imageFormats.map((f) => f.name).join(', ');

export function listGlossaries(): Promise<Glossary[]> {
  return call<{ glossaries: Glossary[] }>('GET', projectPath('v3', 'moderation/glossaries')).then((r) => r.glossaries);
}

/** Try text and image moderation and see what the service finds, and where. */
export function PlaygroundPage() {
  const [tab, setTab] = useState<'text' | 'image'>('text');
  return (
    <Page title="Moderation playground">
      <div class="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'text'} onClick={() => setTab('text')}>
          Text
        </button>
        <button type="button" role="tab" aria-selected={tab === 'image'} onClick={() => setTab('image')}>
          Image
        </button>
      </div>
      {tab === 'text' ? <TextPlayground /> : <ImagePlayground />}
    </Page>
  );
}

function TextPlayground() {
  const [text, setText] = useState('');
  const [eventType, setEventType] = useState('comment');
  const [categories, setCategories] = useState<string[]>([]);
  const [black, setBlack] = useState<string[]>([]);
  const [white, setWhite] = useState<string[]>([]);
  const [result, setResult] = useState<{ text: string; answer: TextResult } | undefined>();
  const glossaries = useLoad(listGlossaries, []);
  const blackNames = (glossaries.data ?? []).filter((g) => g.type === 'black').map((g) => g.name);
  const whiteNames = (glossaries.data ?? []).filter((g) => g.type === 'white').map((g) => g.name);

  const moderate = useAction(async () => {
    setResult(undefined);
    if (text.trim() === '') throw new Error('Type or paste a text to check: an empty one is not sent.');
    const answer = await call<TextResult>('POST', projectPath('v3', 'moderation/text'), {
      body: {
        event_type: eventType,
        ...(categories.length > 0 ? { categories } : {}),
        ...(black.length > 0 ? { glossary_names: black } : {}),
        ...(white.length > 0 ? { white_glossary_names: white } : {}),
        data: { text },
      },
    });
    setResult({ text, answer });
  });

  return (
    <>
      <form
        class="form card"
        onSubmit={(e) => {
          e.preventDefault();
          void moderate.run();
        }}
      >
        <Field label="Text" wide>
          <textarea name="text" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
        <div class="grid">
          <Field label="Event type">
            <select name="event_type" value={eventType} onChange={(e) => setEventType(e.currentTarget.value)}>
              {textEventTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field label="Categories" hint="None ticked: terrorism, porn, ban, abuse, ad.">
            <Checkboxes name="categories" options={textCategories} value={categories} onChange={setCategories} />
          </Field>
          <Field label="Black-list glossaries" hint={blackNames.length === 0 ? 'None yet (Glossaries).' : undefined}>
            <Checkboxes name="glossary_names" options={blackNames} value={black} onChange={setBlack} />
          </Field>
          <Field label="White-list glossaries" hint={whiteNames.length === 0 ? 'None yet.' : undefined}>
            <Checkboxes name="white_glossary_names" options={whiteNames} value={white} onChange={setWhite} />
          </Field>
        </div>
        <ErrorNote error={glossaries.error} />
        <ErrorNote error={moderate.error} />
        <div class="buttons">
          <button type="submit" disabled={moderate.busy}>
            {moderate.busy ? 'Checking…' : 'Moderate text'}
          </button>
        </div>
      </form>
      {result ? <TextVerdict text={result.text} answer={result.answer} /> : null}
    </>
  );
}

function Verdict(props: { suggestion: string; label: string; requestId: string; children?: ComponentChildren }) {
  return (
    <div class="verdict" data-testid="verdict">
      <Badge tone={suggestionTone(props.suggestion)}>
        <span data-testid="suggestion">{props.suggestion}</span>
      </Badge>
      <span class="verdict-label" data-testid="label">
        {props.label}
      </span>
      <small class="muted request-id">request {props.requestId}</small>
      {props.children}
    </div>
  );
}

function TextVerdict({ text, answer }: { text: string; answer: TextResult }) {
  const { result } = answer;
  const segments = result.details.flatMap((d) =>
    (d.segments ?? []).map((s) => ({ ...s, label: d.label, suggestion: d.suggestion })),
  );
  return (
    <Card title="Result" class="result">
      <Verdict suggestion={result.suggestion} label={result.label} requestId={answer.request_id} />
      <h3>Text</h3>
      <p class="highlighted" data-testid="highlighted">
        {highlight(text, segments)}
      </p>
      {result.details.length > 0 ? (
        <table class="table responsive">
          <TableHead columns={['Label', 'Suggestion', 'Confidence', 'Segments']} />
          <tbody>
            {result.details.map((d, i) => (
              <tr key={i}>
                <td data-label="Label">{d.label}</td>
                <td data-label="Suggestion">
                  <Badge tone={suggestionTone(d.suggestion)}>{d.suggestion}</Badge>
                </td>
                <td data-label="Confidence">{d.confidence}</td>
                <td data-label="Segments">
                  {(d.segments ?? [])
                    .map(
                      (s) =>
                        `“${s.segment}” [${s.position.join(', ')}]${s.glossary_name ? ` (${s.glossary_name})` : ''}`,
                    )
                    .join('; ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details>
        <summary>Answer as JSON</summary>
        <Json value={answer} />
      </details>
    </Card>
  );
}

/** The text with each found segment marked (positions are UTF-16 [start, end) in the text sent). */
function highlight(text: string, segments: (Segment & { label: string; suggestion: string })[]): ComponentChildren[] {
  const sorted = [...segments]
    .filter((s) => s.position[0] < s.position[1] && s.position[1] <= text.length)
    .sort((a, b) => a.position[0] - b.position[0] || b.position[1] - a.position[1]);
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const s of sorted) {
    const [start, end] = s.position;
    if (end <= at) continue; // inside a segment already marked
    const from = Math.max(start, at);
    if (from > at) parts.push(text.slice(at, from));
    parts.push(
      <mark
        key={`${from}-${end}`}
        class={`hit ${s.suggestion}`}
        data-label={s.label}
        title={`${s.label}${s.glossary_name ? ` (${s.glossary_name})` : ''}: ${s.suggestion}`}
      >
        {text.slice(from, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function ImagePlayground() {
  const [mode, setMode] = useState<'upload' | 'url'>('upload');
  const [file, setFile] = useState<File | undefined>();
  const [preview, setPreview] = useState<string | undefined>();
  const [url, setUrl] = useState('');
  const [eventType, setEventType] = useState('head_image');
  const [categories, setCategories] = useState<string[]>(['porn']);
  const [answer, setAnswer] = useState<ImageResult | undefined>();

  useEffect(() => {
    if (!file) return setPreview(undefined);
    const objectUrl = URL.createObjectURL(file);
    setPreview(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);

  const moderate = useAction(async () => {
    setAnswer(undefined);
    if (mode === 'upload' && (!file || file.size === 0)) {
      throw new Error(file ? `${file.name} is empty: choose an image file.` : 'Choose an image file to check.');
    }
    if (mode === 'url' && url.trim() === '') throw new Error("Give the image's URL to check.");
    const source = mode === 'upload' ? { image: await base64Of(file!) } : { url: url.trim() };
    setAnswer(
      await call<ImageResult>('POST', projectPath('v3', 'moderation/image'), {
        body: { event_type: eventType, ...(categories.length > 0 ? { categories } : {}), ...source },
      }),
    );
  });

  return (
    <>
      <form
        class="form card"
        onSubmit={(e) => {
          e.preventDefault();
          void moderate.run();
        }}
      >
        <div class="tabs small" role="radiogroup" aria-label="Image source">
          <label class="check inline">
            <input type="radio" name="mode" checked={mode === 'upload'} onChange={() => setMode('upload')} />
            Upload a file
          </label>
          <label class="check inline">
            <input type="radio" name="mode" checked={mode === 'url'} onChange={() => setMode('url')} />
            From a URL
          </label>
        </div>
        {mode === 'upload' ? (
          <Field label="Image" hint={`Sent as base64 in the request: ${formatNames}.`}>
            <input
              type="file"
              name="image"
              accept={imageFormats.map((f) => f.mediaType).join(',')}
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? undefined)}
            />
          </Field>
        ) : (
          <Field
            label="Image URL"
            hint={`http(s)://…, obs://bucket/key or s3://bucket/key; the service downloads it (${formatNames}).`}
          >
            <input name="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
          </Field>
        )}
        {preview ? <img class="preview" src={preview} alt="The image to check" /> : null}
        <div class="grid">
          <Field label="Event type">
            <select value={eventType} onChange={(e) => setEventType(e.currentTarget.value)}>
              {imageEventTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field label="Categories">
            <Checkboxes name="image_categories" options={imageCategories} value={categories} onChange={setCategories} />
          </Field>
        </div>
        <ErrorNote error={moderate.error} />
        <div class="buttons">
          <button type="submit" disabled={moderate.busy}>
            {moderate.busy ? 'Checking…' : 'Moderate image'}
          </button>
        </div>
      </form>
      {answer ? (
        <Card title="Result" class="result">
          <Verdict suggestion={answer.result.suggestion} label={answer.result.category} requestId={answer.request_id} />
          {answer.result.details.length > 0 ? (
            <table class="table responsive">
              <TableHead columns={['Category', 'Label', 'Suggestion', 'Confidence', 'Found']} />
              <tbody>
                {answer.result.details.map((d, i) => (
                  <tr key={i}>
                    <td data-label="Category">{d.category}</td>
                    <td data-label="Label">{d.label}</td>
                    <td data-label="Suggestion">
                      <Badge tone={suggestionTone(d.suggestion)}>{d.suggestion}</Badge>
                    </td>
                    <td data-label="Confidence">{d.confidence}</td>
                    <td data-label="Found">
                      {d.qr_content !== undefined
                        ? `QR code: ${d.qr_content}`
                        : (d.segments ?? [])
                            .map((s) => `“${s.segment}”${s.glossary_name ? ` (${s.glossary_name})` : ''}`)
                            .join('; ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {answer.result.ocr_text ? (
            <>
              <h3>Text in the image</h3>
              <p class="highlighted">{answer.result.ocr_text}</p>
            </>
          ) : null}
          <details>
            <summary>Answer as JSON</summary>
            <Json value={answer} />
          </details>
        </Card>
      ) : null}
    </>
  );
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
