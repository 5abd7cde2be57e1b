import { type Static, Type } from '@sinclair/typebox';
import { breaks, decodes, itemByItem, type OrderedCheck } from '../../errors/schema-answers.js';
import { invalid, nullable } from '../validation.js';

/**
 * What a model (or a tenant's own service) costs per call: a price per million prompt tokens and per million
 * completion tokens, and optionally other prices in windows of the day (peak and off-peak, in UTC), as the cloud
 * bills MaaS. Prices are kept as whole nano-units per token (a price per million tokens × 1000), so that a call's
 * cost is an exact integer and sums never drift; a price is therefore precise to a thousandth of a unit per million.
 */

/** The one currency: the cloud bills MaaS in yuan, and sums across models must add like with like. */
export const priceCurrency = 'CNY';
const maxPrice = 1_000_000;
const maxWindows = 24;
const clockPattern = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

const Price = (description: string) => Type.Number({ minimum: 0, maximum: maxPrice, description });

const PriceWindowBody = Type.Object({
  start: Type.String({ pattern: clockPattern, description: 'HH:MM, UTC, inclusive' }),
  end: Type.String({ pattern: clockPattern, description: 'HH:MM, UTC, exclusive; before start wraps past midnight' }),
  input_price_per_million_tokens: Price('Price of a million prompt tokens within the window'),
  output_price_per_million_tokens: Price('Price of a million completion tokens within the window'),
});

/** The price fields of a model's or a service's body (spread into their schemas). */
export const priceFields = {
  input_price_per_million_tokens: Type.Optional(nullable(Price('Price of a million prompt tokens (extension)'))),
  output_price_per_million_tokens: Type.Optional(nullable(Price('Price of a million completion tokens (extension)'))),
  currency: Type.Optional(nullable(Type.Literal(priceCurrency, { description: 'Currency of the prices: CNY' }))),
  price_windows: Type.Optional(
    nullable(
      Type.Array(PriceWindowBody, {
        maxItems: maxWindows,
        description: 'Prices for windows of the day (UTC); the first window a call starts in applies',
      }),
    ),
  ),
};
const PriceBody = Type.Object(priceFields);
type PriceBodyValue = Static<typeof PriceBody>;

const priceRule = `must be a number from 0 to ${maxPrice}`;
/** The price fields' checks, in their order (a route places them after its own fields). */
export const priceChecks: OrderedCheck[] = [
  decodes('/input_price_per_million_tokens'),
  breaks('/input_price_per_million_tokens', ['range'], `input_price_per_million_tokens ${priceRule}`),
  decodes('/output_price_per_million_tokens'),
  breaks('/output_price_per_million_tokens', ['range'], `output_price_per_million_tokens ${priceRule}`),
  breaks('/currency', ['type', 'enum'], `currency must be ${priceCurrency}`),
  decodes('/price_windows'),
  breaks('/price_windows', ['range'], `price_windows may hold at most ${maxWindows} windows`),
  itemByItem('/price_windows', [
    decodes('/price_windows/*'),
    breaks('/price_windows/*', ['null'], 'price_windows must be a list of windows'),
    breaks('/price_windows/*/start', ['missing', 'type', 'null', 'format'], 'price_windows start must be HH:MM'),
    breaks('/price_windows/*/end', ['missing', 'type', 'null', 'format'], 'price_windows end must be HH:MM'),
    breaks(
      '/price_windows/*/input_price_per_million_tokens',
      ['missing', 'type', 'null', 'range'],
      `price_windows input_price_per_million_tokens ${priceRule}`,
    ),
    breaks(
      '/price_windows/*/output_price_per_million_tokens',
      ['missing', 'type', 'null', 'range'],
      `price_windows output_price_per_million_tokens ${priceRule}`,
    ),
  ]),
];

export interface PriceWindow {
  /** Minutes after midnight UTC; `endMinute` before `startMinute` wraps past midnight. */
  startMinute: number;
  endMinute: number;
  inputNanos: number;
  outputNanos: number;
}

/** Prices as the data plane uses them: nano-units per token. */
export interface Prices {
  inputNanos: number;
  outputNanos: number;
  windows: PriceWindow[];
}

/** Nano-units per token of a price per million tokens (rounded to the kept precision). */
const nanosPerToken = (perMillion: number) => Math.round(perMillion * 1000);
const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const clockOf = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The prices of a checked body: null when it names none (the model is free; its calls cost 0). */
export function pricesOf(body: PriceBodyValue): Prices | null {
  const input = body.input_price_per_million_tokens ?? null;
  const output = body.output_price_per_million_tokens ?? null;
  const windows = body.price_windows ?? [];
  if (input === null && output === null && windows.length === 0) return null;
  return {
    inputNanos: nanosPerToken(input ?? 0),
    outputNanos: nanosPerToken(output ?? 0),
    windows: windows.map((w, i) => {
      if (w.start === w.end) throw invalid(`price_windows[${i}]`, 'must end at another time than it starts');
      return {
        startMinute: minuteOf(w.start),
        endMinute: minuteOf(w.end),
        inputNanos: nanosPerToken(w.input_price_per_million_tokens),
        outputNanos: nanosPerToken(w.output_price_per_million_tokens),
      };
    }),
  };
}

function inWindow(window: PriceWindow, minute: number): boolean {
  return window.startMinute < window.endMinute
    ? minute >= window.startMinute && minute < window.endMinute
    : minute >= window.startMinute || minute < window.endMinute;
}

/** A call's cost in nano-units: its tokens at the prices of the window it started in (UTC), else the base prices. */
export function costNanos(prices: Prices | null, promptTokens: number, completionTokens: number, at: number): number {
  if (prices === null) return 0;
  let input = prices.inputNanos;
  let output = prices.outputNanos;
  if (prices.windows.length > 0) {
    const minute = Math.floor((at % 86_400_000) / 60_000);
    const window = prices.windows.find((w) => inWindow(w, minute));
    if (window) {
      input = window.inputNanos;
      output = window.outputNanos;
    }
  }
  return promptTokens * input + completionTokens * output;
}

/** An amount of nano-units as the APIs show it: currency units, to the millionth. */
export function currencyAmount(nanos: number): number {
  return Math.round(nanos / 1000) / 1_000_000;
}

/** The price fields as a model's or service's view shows them (nulls when it has no prices). */
export function priceView(prices: Prices | null) {
  if (prices === null) {
    return {
      input_price_per_million_tokens: null,
      output_price_per_million_tokens: null,
      currency: priceCurrency,
      price_windows: [],
    };
  }
  return {
    input_price_per_million_tokens: prices.inputNanos / 1000,
    output_price_per_million_tokens: prices.outputNanos / 1000,
    currency: priceCurrency,
    price_windows: prices.windows.map((w) => ({
      start: clockOf(w.startMinute),
      end: clockOf(w.endMinute),
      input_price_per_million_tokens: w.inputNanos / 1000,
      output_price_per_million_tokens: w.outputNanos / 1000,
    })),
  };
}

/** Prices as a table's text column holds them (JSON), and back. */
export const storedPrices = (prices: Prices | null): string | null => (prices === null ? null : JSON.stringify(prices));
export const parseStoredPrices = (text: string | null): Prices | null =>
  text === null ? null : (JSON.parse(text) as Prices);
