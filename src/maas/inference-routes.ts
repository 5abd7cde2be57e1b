import type { FastifyInstance } from 'fastify';
import type { InferenceProxy } from './inference/inference-proxy.js';

/** OpenAI-compatible inference, authenticated by the gateway's `apiKey` mode. */
export function registerInferenceRoutes(app: FastifyInstance, proxy: InferenceProxy): void {
  const config = { auth: 'apiKey' as const, json: true };
  const schema = (summary: string) => ({
    tags: ['MaaS inference (OpenAI-compatible)'],
    summary,
    security: [{ apiKey: [] }],
  });

  app.post(
    '/v1/chat/completions',
    {
      config,
      schema: schema('Chat completion through a custom endpoint (model = endpoint name); stream: true relays SSE'),
    },
    (request, reply) => proxy.forward(request, reply, '/chat/completions'),
  );
  app.post(
    '/v1/completions',
    { config, schema: schema('Text completion through a custom endpoint') },
    (request, reply) => proxy.forward(request, reply, '/completions'),
  );
  app.get(
    '/v1/models',
    { config: { ...config, json: false }, schema: schema('The custom endpoints this API key may call') },
    (request) => proxy.listModels(request),
  );
}
