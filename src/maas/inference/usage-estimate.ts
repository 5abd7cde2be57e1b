import { createParser } from 'eventsource-parser';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';

/** Usage counts above this for one call are nonsense (no model reads or writes that much in one call). */
const maxTokensPerCall = 10_000_000;
/** Text up to this length is counted with the tokenizer; beyond, it is estimated at four characters a token. */
const tokenizedChars = 256 * 1024;
/**
 * The tokenizer's merges are quadratic in the length of one "word", so text is counted in slices of about this many
 * characters (cut at a space where there is one): the count barely changes, and a run of 8 MB without a space costs
 * as little as any other text.
 */
const sliceChars = 512;

/**
 * What one call used. Upstream counts are taken when they are sane; otherwise (none sent, negative, absurd, or the
 * client left before the usage event) the gateway's own estimate stands: tokens of what it relayed and of the prompt,
 * counted with a GPT tokenizer (cl100k), which is close for most models and never zero for real text.
 */
export class CallUsage {
  private reportedPrompt: number | undefined;
  private reportedCompletion: number | undefined;
  private relayedText = '';
  private relayedChars = 0;
  failed = false;
  /**
   * Set once an upstream accepted the call (answered 2xx): a call refused before, or one the upstream failed, is not
   * charged an estimate (an upstream's own usage report is taken whenever it sends one).
   */
  answered = false;

  constructor(readonly promptText: string) {}

  /** An upstream `usage` object, as sent. */
  report(usage: unknown): void {
    if (usage === null || typeof usage !== 'object') return;
    const { prompt_tokens: prompt, completion_tokens: completion } = usage as Record<string, unknown>;
    if (saneTokenCount(prompt)) this.reportedPrompt = prompt;
    if (saneTokenCount(completion)) this.reportedCompletion = completion;
  }

  /** Text the client was sent (answer content), for the estimate. */
  relayed(text: string): void {
    this.relayedChars += text.length;
    if (this.relayedText.length < tokenizedChars) this.relayedText += text;
  }

  /** Stream events relayed without being parsed: read for their text only if the upstream reports no usage. */
  private unreadEvents: string[] = [];
  private unreadChars = 0;

  relayedUnread(data: string): void {
    if (this.unreadChars >= tokenizedChars * 4) {
      this.relayedChars += data.length;
      return;
    }
    this.unreadEvents.push(data);
    this.unreadChars += data.length;
  }

  /** Whole server-sent events (`data: ...` lines and blank lines) relayed without being parsed. */
  relayedUnreadEvents(events: string): void {
    if (this.unreadChars >= tokenizedChars * 4) {
      this.relayedChars += events.length;
      return;
    }
    this.unreadStream.push(events);
    this.unreadChars += events.length;
  }

  private unreadStream: string[] = [];

  private readUnread(): void {
    if (this.unreadStream.length > 0) {
      const parser = createParser({ onEvent: (event) => this.unreadEvents.push(event.data) });
      for (const events of this.unreadStream.splice(0)) parser.feed(events);
    }
    for (const data of this.unreadEvents.splice(0)) {
      try {
        const chunk = JSON.parse(data) as { choices?: unknown };
        if (chunk !== null && typeof chunk === 'object') this.relayed(answerTextOf(chunk));
      } catch {
        /* not JSON: no answer text */
      }
    }
  }

  totals(): { promptTokens: number; completionTokens: number; failed: boolean } {
    if (!this.answered && this.reportedPrompt === undefined) {
      return { promptTokens: 0, completionTokens: 0, failed: this.failed };
    }
    if (this.reportedCompletion === undefined) this.readUnread();
    return {
      promptTokens: this.reportedPrompt ?? estimateTokens(this.promptText),
      // A client that leaves before the usage event still pays for what it was sent.
      completionTokens:
        this.reportedCompletion ??
        (this.relayedChars > tokenizedChars ? Math.ceil(this.relayedChars / 4) : estimateTokens(this.relayedText)),
      failed: this.failed,
    };
  }
}

/**
 * Whether an upstream's token count can be believed: a whole number, not negative, not absurd. The one rule for every
 * count the gateway takes from an upstream (the data plane's usage, a direct call's usage).
 */
export function saneTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxTokensPerCall;
}

/** Tokens of a text by the cl100k tokenizer (in slices), or four characters a token beyond 256 K characters. */
export function estimateTokens(text: string): number {
  if (text.length > tokenizedChars) return Math.ceil(text.length / 4);
  let total = 0;
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + sliceChars);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    }
    total += countTokens(text.slice(start, end));
    start = end;
  }
  return total;
}

/**
 * The text of a chat or completion request that the model reads: messages' text parts, the arguments of the tool
 * calls an assistant message made (`tool_calls[].function.arguments`, legacy `function_call.arguments`), a reasoning
 * model's `reasoning_content` sent back, or the prompt (a string or a list of strings).
 */
export function promptTextOf(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === 'object') {
      const {
        text,
        content,
        reasoning_content,
        tool_calls,
        function_call,
        function: fn,
        arguments: args,
      } = value as Record<string, unknown>;
      add(text);
      add(content);
      add(reasoning_content);
      add(tool_calls);
      add(function_call);
      // A tool call's function: its arguments only (its name is the caller's, not text the model was given).
      if (fn !== null && typeof fn === 'object') add((fn as { arguments?: unknown }).arguments);
      add(args);
    }
  };
  add(body.messages);
  add(body.prompt);
  add(body.input);
  return parts.join('\n');
}

/**
 * Visits each piece of text of a chat or completion answer or stream chunk with the part it belongs to: `<choice>`
 * for content (chat) or text (completions), `<choice>r` for reasoning (`reasoning_content`, or `reasoning` as some
 * servers name it), `<choice>t<tool index>` for a tool call's arguments (`f` for a legacy `function_call`). A stream
 * sends a part in pieces, and interleaves parts (parallel tool calls, choices): the guard reads each part on from its
 * own earlier pieces.
 */
export type AnswerParts = (answer: { choices?: unknown }, visit: (part: string, text: string) => void) => void;

export const answerPartsOf: AnswerParts = (answer, visit) => {
  const choices = answer.choices;
  if (!Array.isArray(choices)) return;
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i] as Record<string, unknown> | null;
    if (choice === null || typeof choice !== 'object') continue;
    const index = typeof choice.index === 'number' ? choice.index : i;
    if (typeof choice.text === 'string' && choice.text !== '') visit(`${index}`, choice.text);
    for (const said of [choice.message, choice.delta]) {
      if (said === null || typeof said !== 'object') continue;
      const { content, reasoning_content, reasoning, tool_calls, function_call } = said as Record<string, unknown>;
      if (typeof content === 'string' && content !== '') visit(`${index}`, content);
      const thought = typeof reasoning_content === 'string' ? reasoning_content : reasoning;
      if (typeof thought === 'string' && thought !== '') visit(`${index}r`, thought);
      if (Array.isArray(tool_calls)) {
        for (let t = 0; t < tool_calls.length; t++) {
          const call = tool_calls[t] as { index?: unknown; function?: { arguments?: unknown } } | null;
          const args = call?.function?.arguments;
          if (typeof args !== 'string' || args === '') continue;
          visit(`${index}t${typeof call!.index === 'number' ? call!.index : t}`, args);
        }
      }
      const legacy = (function_call as { arguments?: unknown } | null | undefined)?.arguments;
      if (typeof legacy === 'string' && legacy !== '') visit(`${index}f`, legacy);
    }
  }
};

let collected = '';
const collect = (_part: string, text: string) => {
  collected += text;
};

/** All the answer text of a chat or completion answer or stream chunk (every part), for the usage estimate. */
export function answerTextOf(answer: { choices?: unknown }): string {
  collected = '';
  answerPartsOf(answer, collect);
  const text = collected;
  collected = '';
  return text;
}
