import { useState } from 'preact/hooks';
import { Field, optionalNumber } from './ui';

/**
 * The price fields of an operator model's or a service's form (per million tokens, in CNY, the one currency), and
 * their part of the body: empty fields leave the model or service unpriced (its calls cost nothing).
 */
export function usePriceFields() {
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const body = () => ({
    input_price_per_million_tokens: optionalNumber(input),
    output_price_per_million_tokens: optionalNumber(output),
  });
  const fields = (
    <>
      <Field label="Input price" hint="CNY per million prompt tokens; empty: unpriced.">
        <input
          name="input_price_per_million_tokens"
          inputMode="decimal"
          value={input}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
      </Field>
      <Field label="Output price" hint="CNY per million completion tokens.">
        <input
          name="output_price_per_million_tokens"
          inputMode="decimal"
          value={output}
          onInput={(e) => setOutput(e.currentTarget.value)}
        />
      </Field>
    </>
  );
  return { body, fields };
}
