import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Db } from '../storage/database.js';
import { ApiKeyStore } from './api-keys.js';
import { CustomEndpointStore } from './custom-endpoints.js';
import { apiKeyAuthenticator } from './inference/api-key-auth.js';
import { InferenceProxy } from './inference/inference-proxy.js';
import { registerInferenceRoutes } from './inference-routes.js';
import { registerKeyRoutes } from './key-routes.js';
import { ModelServiceStore } from './model-services.js';
import { registerMaasRoutes } from './routes.js';
import { UsageMeter } from './usage.js';

export interface MaasPluginOptions {
  config: Config['maas'];
  db: Db;
  redis?: Redis | undefined;
}

/**
 * The MaaS domain: model services, custom endpoints, API keys (an authentication mode it supplies to the gateway),
 * OpenAI-compatible inference and usage. Builds its own parts from its slice of the config.
 */
export const maasPlugin = fp(
  async (app: FastifyInstance, { config, db, redis }: MaasPluginOptions) => {
    const services = new ModelServiceStore(db);
    const endpoints = new CustomEndpointStore(db, services, config.endpointQuotaPerProject);
    const apiKeys = new ApiKeyStore(db);
    const usage = new UsageMeter(db);
    const proxy = new InferenceProxy({ endpoints, services, usage }, config.inference, redis);

    app.authenticators.set('apiKey', apiKeyAuthenticator(apiKeys));
    registerMaasRoutes(app, { endpoints, services });
    registerKeyRoutes(app, { apiKeys, endpoints, usage });
    registerInferenceRoutes(app, proxy);
    app.addHook('onClose', () => proxy.close());
  },
  { name: 'maas', dependencies: ['identity'] },
);
