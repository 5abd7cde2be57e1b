import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { LRUCache } from 'lru-cache';
import type { AddressPolicy } from '../../net/address-guard.js';
import { createGuardedNodeAgents } from '../../net/node-agents.js';
import type { StoreCredentials } from './object-storage-access.js';

export interface ObjectStorageConfig {
  /** e.g. http://127.0.0.1:9000 or https://obs.cn-north-4.myhuaweicloud.com; unset: no operator store. */
  endpoint?: string;
  region: string;
  accessKey?: string;
  secretKey?: string;
  /** Path-style addressing (MinIO and most self-hosted stores). */
  forcePathStyle: boolean;
}

/** Distinct own stores whose clients (and their kept-alive connections) stay open at once. */
const maxProjectClients = 64;
const connectTimeoutMs = 5000;

/**
 * S3 clients: one for the operator's store (configured by the operator, so not behind the address guard), and one per
 * distinct set of a project's own store credentials, reused across reads and projects, at most maxProjectClients
 * (the least recently used is closed). A project's endpoint is chosen by a tenant, so its connections go through the
 * address guard: names resolve through guardedLookup and literal addresses are checked at connection.
 */
export class StoreClients {
  private readonly operator: S3Client | undefined;
  private readonly projects = new LRUCache<string, S3Client>({
    max: maxProjectClients,
    dispose: (client) => client.destroy(),
  });

  constructor(
    config: ObjectStorageConfig,
    private readonly addresses: AddressPolicy,
  ) {
    if (config.endpoint && config.accessKey && config.secretKey) {
      this.operator = new S3Client({
        endpoint: config.endpoint,
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secretKey },
        maxAttempts: 1,
      });
    }
  }

  /** The operator's store; undefined when none is configured. */
  operatorClient(): S3Client | undefined {
    return this.operator;
  }

  projectClient(store: StoreCredentials): S3Client {
    // Keyed by a digest, so that secret keys are not kept as map keys.
    const key = createHash('sha256')
      .update(JSON.stringify([store.endpoint, store.region, store.accessKey, store.secretKey, store.pathStyle]))
      .digest('hex');
    let client = this.projects.get(key);
    if (!client) {
      const { httpAgent, httpsAgent } = createGuardedNodeAgents(this.addresses);
      client = new S3Client({
        endpoint: store.endpoint,
        region: store.region,
        forcePathStyle: store.pathStyle,
        credentials: { accessKeyId: store.accessKey, secretAccessKey: store.secretKey },
        maxAttempts: 1,
        requestHandler: { httpAgent, httpsAgent, connectionTimeout: connectTimeoutMs },
      });
      this.projects.set(key, client);
    }
    return client;
  }

  close(): void {
    this.operator?.destroy();
    this.projects.clear();
  }
}
