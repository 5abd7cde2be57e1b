import type { FastifyInstance } from 'fastify';
import type { InferenceProxy } from './inference-proxy.js';
import { type InferenceKind, inferenceRequests } from './request-shape.js';

/**
 * The MaaS data plane at the cloud's paths (spec §6.1): Standard API V1 and V2, the OpenAI-compatible prefix, models,
 * embeddings and rerank, all with a MaaS API key (the gateway's `apiKey` mode).
 */
export function registerInferenceRoutes(app: FastifyInstance, proxy: InferenceProxy): void {
  const config = { auth: 'apiKey' as const, json: true };
  const schema = (summary: string) => ({
    tags: ['MaaS inference (OpenAI-compatible)'],
    summary,
    security: [{ apiKey: [] }],
  });
  const post = (paths: string[], kind: InferenceKind, summary: string) => {
    for (const path of paths) {
      app.post(path, { config, schema: { ...schema(summary), body: inferenceRequests[kind] } }, (request, reply) =>
        proxy.forward(request, reply, kind),
      );
    }
  };

  post(
    ['/v1/chat/completions', '/v2/chat/completions', '/openai/v1/chat/completions'],
    'chat',
    'Chat completion (model: an operator model or a custom endpoint name); stream: true relays SSE',
  );
  post(['/v1/completions', '/openai/v1/completions'], 'completion', 'Text completion');
  post(['/v1/embeddings', '/openai/v1/embeddings'], 'embedding', 'Embeddings, passed to the model server');
  post(['/v1/rerank'], 'rerank', 'Rerank documents for a query, passed to the model server');
  for (const path of ['/v1/models', '/openai/v1/models']) {
    app.get(
      path,
      { config: { ...config, json: false }, schema: schema('The models and endpoints this key may call') },
      (request) => proxy.listModels(request),
    );
    app.get(
      `${path}/:model`,
      { config: { ...config, json: false }, schema: schema('One model this key may call') },
      (request) => proxy.showModel(request, (request.params as { model: string }).model),
    );
  }
}
