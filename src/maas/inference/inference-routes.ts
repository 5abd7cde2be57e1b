import type { FastifyInstance } from 'fastify';
import { formOverheadBytes } from '../audio/transcription-form.js';
import { acceptMultipartForms } from '../multipart-form.js';
import { inferenceEndpoints, inferenceFamily, modelListPaths } from './endpoints.js';
import type { InferenceProxy } from './inference-proxy.js';

/**
 * The MaaS data plane at the cloud's paths (spec §6.1): one POST route per path of each endpoint in `endpoints.ts`,
 * and the model list, all with a MaaS API key (the gateway's `apiKey` mode) and in the data plane's error family.
 */
export function registerInferenceRoutes(app: FastifyInstance, proxy: InferenceProxy): void {
  const schema = (summary: string) => ({
    tags: ['MaaS inference (OpenAI-compatible)'],
    summary,
    security: [{ apiKey: [] }],
  });
  for (const endpoint of inferenceEndpoints) {
    const config = { auth: 'apiKey' as const, json: endpoint.form === undefined, family: endpoint.family };
    const register = (scope: FastifyInstance, form?: { bodyLimit: number; consumes: string[] }) => {
      for (const path of endpoint.paths) {
        scope.post(
          path,
          {
            config,
            ...(form ? { bodyLimit: form.bodyLimit } : {}),
            schema: {
              ...schema(endpoint.summary),
              body: endpoint.schema,
              ...(form ? { consumes: form.consumes } : {}),
            },
          },
          (request, reply) => proxy.forward(request, reply, endpoint),
        );
      }
    };
    if (!endpoint.form) {
      register(app);
      continue;
    }
    // A form with a file: its own body limit (the file's cap and room for the other fields), and its own scope whose
    // parser reads the form as it arrives (keeping the file, refusing it past the cap) before the call starts.
    const form = { bodyLimit: proxy.maxFileBytes + formOverheadBytes, consumes: ['multipart/form-data'] };
    app.register(async (scope) => {
      acceptMultipartForms(scope, endpoint.form!.limits(proxy.maxFileBytes));
      register(scope, form);
    });
  }
  const listConfig = { auth: 'apiKey' as const, json: false, family: inferenceFamily };
  for (const path of modelListPaths) {
    app.get(path, { config: listConfig, schema: schema('The models and endpoints this key may call') }, (request) =>
      proxy.listModels(request),
    );
    app.get(`${path}/:model`, { config: listConfig, schema: schema('One model this key may call') }, (request) =>
      proxy.showModel(request, (request.params as { model: string }).model),
    );
  }
}
