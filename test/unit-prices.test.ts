import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costNanos, currencyAmount, pricesOf } from '../src/maas/pricing/prices.js';

const at = (clock: string) => Date.UTC(2026, 0, 1, Number(clock.slice(0, 2)), Number(clock.slice(3)));

describe('prices', () => {
  it('costs tokens exactly, in nano-units', () => {
    const prices = pricesOf({ input_price_per_million_tokens: 0.8, output_price_per_million_tokens: 2.4 });
    assert.equal(costNanos(prices, 1000, 500, at('12:00')), 1000 * 800 + 500 * 2400);
    assert.equal(currencyAmount(costNanos(prices, 1_000_000, 0, 0)), 0.8);
    assert.equal(costNanos(null, 1000, 1000, 0), 0);
    assert.equal(pricesOf({}), null);
  });

  it('applies the window a call starts in, windows past midnight included', () => {
    const prices = pricesOf({
      input_price_per_million_tokens: 1,
      output_price_per_million_tokens: 1,
      price_windows: [
        { start: '08:00', end: '22:00', input_price_per_million_tokens: 4, output_price_per_million_tokens: 4 },
        { start: '23:00', end: '02:00', input_price_per_million_tokens: 0, output_price_per_million_tokens: 0 },
      ],
    });
    assert.equal(costNanos(prices, 1, 0, at('07:59')), 1000);
    assert.equal(costNanos(prices, 1, 0, at('08:00')), 4000);
    assert.equal(costNanos(prices, 1, 0, at('21:59')), 4000);
    assert.equal(costNanos(prices, 1, 0, at('22:00')), 1000);
    assert.equal(costNanos(prices, 1, 0, at('23:30')), 0);
    assert.equal(costNanos(prices, 1, 0, at('01:59')), 0);
    assert.equal(costNanos(prices, 1, 0, at('02:00')), 1000);
  });
});
