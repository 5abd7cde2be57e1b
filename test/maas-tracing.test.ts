import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { startFakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { request, startServer } from './helpers/server.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
  status?: { code?: number };
}

/** A stand-in OpenTelemetry collector: keeps the spans of every OTLP/HTTP JSON export it is sent. */
async function startCollector() {
  const spans: OtlpSpan[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/v1/traces') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((r) => server.close(r)),
  };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('OpenTelemetry export of inference calls', () => {
  it('exports a span per call, in the trace the client sent, and makes it the parent the upstream sees', async () => {
    const collector = await startCollector();
    const model = await startFakeModelServer();
    let upstreamSaw = '';
    const server = await startServer({
      maas: { inference: { allowPrivateUpstreams: true }, otlpEndpoint: collector.url },
    });
    try {
      const m = maas(server, await server.token());
      await m.deployModel('qwen2.5-7b', model.url, { moderation: false });
      const key = (await m.createKey({ label: 'traced' })).api_key;
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const clientSpan = 'b7ad6b7169203331';
      const call = (body: unknown) =>
        request(server.baseUrl, 'POST', '/v1/chat/completions', {
          headers: {
            Authorization: `Bearer ${key}`,
            'Content-Type': 'application/json',
            traceparent: `00-${traceId}-${clientSpan}-01`,
          },
          body: JSON.stringify(body),
        });
      assert.equal(
        (await call({ model: 'qwen2.5-7b', messages: [{ role: 'user', content: 'hello there' }] })).status,
        200,
      );
      const failed = await call({ model: 'qwen2.5-7b', messages: [{ role: 'user', content: 'x' }], stream: 'yes' });
      assert.equal(failed.status, 400);
      upstreamSaw = String(model.requests.at(-1)!.headers!.traceparent);
    } finally {
      await server.close(); // exports what is pending
      await model.close();
    }
    const spans = collector.spans;
    await collector.close();
    assert.equal(spans.length, 1, 'one span: the call refused before resolving is not traced');
    const [span] = spans as [OtlpSpan];
    assert.equal(span.name, 'chat qwen2.5-7b');
    assert.equal(span.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(span.parentSpanId, 'b7ad6b7169203331');
    assert.equal(attribute(span, 'gen_ai.request.model'), 'qwen2.5-7b');
    assert.equal(attribute(span, 'aisp.deployment'), 'qwen2.5-7b');
    assert.equal(attribute(span, 'gen_ai.usage.input_tokens'), 2);
    assert.equal(attribute(span, 'gen_ai.usage.output_tokens'), 3);
    assert.equal(upstreamSaw, `00-${span.traceId}-${span.spanId}-01`);
  });
});
