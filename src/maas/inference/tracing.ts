import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyRequest } from 'fastify';
import { StateChangeLog, type StateLogger } from '../../ops/state-change-log.js';
import { randomHex } from '../../storage/ids.js';

/** What a call's trace needs at its end. */
export interface CallOutcome {
  /** `ok` or the error code the client got. */
  code: string;
  deployment: string | undefined;
  promptTokens: number;
  completionTokens: number;
}

/** One inference call's place in a trace: the headers for the upstream, and the end of its span. */
export interface CallTrace {
  headers: Record<string, string>;
  end(outcome: CallOutcome): void;
}

const traceparentPattern = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Trace context for inference calls. Always: the request id and a W3C `traceparent` go upstream (the client's trace
 * with a new span, or a new trace), so that an upstream's logs can be joined with ours. With an OTLP endpoint
 * configured, each call is also a span (`chat <model>`, OpenTelemetry's GenAI attributes: operation, model, token
 * usage, error type) exported in batches over OTLP/HTTP; the span is the parent the upstream sees.
 */
export class InferenceTracing {
  private readonly provider: BasicTracerProvider | undefined;
  private readonly tracer: Tracer | undefined;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(options: { otlpEndpoint?: string | undefined; serviceName: string; log: StateLogger }) {
    if (!options.otlpEndpoint) return;
    const exporter = new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      spanProcessors: [new BatchSpanProcessor(reportingExports(exporter, new StateChangeLog(options.log, 'otlp')))],
    });
    this.tracer = this.provider.getTracer('aisp-maas');
  }

  start(request: FastifyRequest, operation: string, model: string): CallTrace {
    if (!this.tracer) return { headers: plainTraceHeaders(request), end: () => undefined };
    const parent = this.propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const span: Span = this.tracer.startSpan(
      `${operation} ${model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': operation,
          'gen_ai.request.model': model,
          'aisp.request_id': request.id,
        },
      },
      parent,
    );
    const headers: Record<string, string> = { 'x-request-id': request.id };
    this.propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
    return {
      headers,
      end(outcome) {
        span.setAttributes({
          'gen_ai.usage.input_tokens': outcome.promptTokens,
          'gen_ai.usage.output_tokens': outcome.completionTokens,
          ...(outcome.deployment ? { 'aisp.deployment': outcome.deployment } : {}),
        });
        if (outcome.code !== 'ok') {
          span.setAttribute('error.type', outcome.code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.code });
        }
        span.end();
      },
    };
  }

  /** Exports what is pending. */
  async close(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** Without OpenTelemetry: the client's trace with a new span id for this hop, or a new trace. */
function plainTraceHeaders(request: FastifyRequest): Record<string, string> {
  const incoming = request.headers.traceparent;
  const span = randomHex(8);
  const traceparent =
    typeof incoming === 'string' && traceparentPattern.test(incoming)
      ? `00-${incoming.slice(3, 35)}-${span}-${incoming.slice(53, 55)}`
      : `00-${randomHex(16)}-${span}-01`;
  return { 'x-request-id': request.id, traceparent };
}

/**
 * The exporter, with each batch's outcome told to the collector's state log: OpenTelemetry drops a failed batch
 * silently, so without this a collector that is away goes unnoticed; with it, it is a line when it goes and one when it
 * is back.
 */
function reportingExports(exporter: SpanExporter, state: StateChangeLog): SpanExporter {
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) state.succeeded();
        else state.failed(result.error ?? new Error('export failed'), '', { spans: spans.length });
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: async () => exporter.forceFlush?.(),
  };
}
