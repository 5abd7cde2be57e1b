import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Field, optionalNumber } from './ui';

/** A labelled text box for a number (the form sends it with `optionalNumber`: empty is null). */
export function NumberField(props: {
  label: string;
  name: string;
  hint?: ComponentChildren;
  value: string;
  decimal?: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      <input
        name={props.name}
        inputMode={props.decimal ? 'decimal' : 'numeric'}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Field>
  );
}

/** The response cache's TTL of an endpoint or operator model (`cache_ttl_seconds`). */
export function CacheTtlField(props: { value: string; onInput: (value: string) => void }) {
  return (
    <NumberField
      label="Cache TTL (s)"
      name="cache_ttl_seconds"
      hint="Identical calls answered from the response cache this long; empty: off."
      value={props.value}
      onInput={props.onInput}
    />
  );
}

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
      <NumberField
        label="Input price"
        name="input_price_per_million_tokens"
        hint="CNY per million prompt tokens; empty: unpriced."
        value={input}
        decimal
        onInput={setInput}
      />
      <NumberField
        label="Output price"
        name="output_price_per_million_tokens"
        hint="CNY per million completion tokens."
        value={output}
        decimal
        onInput={setOutput}
      />
    </>
  );
  return { body, fields };
}
