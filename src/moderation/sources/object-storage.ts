import { GetObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { outboundFailureOf } from '../../net/outbound.js';
import { OutboundFailure } from '../../net/outbound-failure.js';
import { parseObjectLocation } from './object-location.js';
import { coveringGrant, type ObjectStorageAccess } from './object-storage-access.js';
import type { StoreClients } from './store-clients.js';

/**
 * Reads one object from an S3-compatible store (the cloud's OBS speaks S3) for a project, through the project's
 * access (ObjectStorageAccess). Fails with an OutboundFailure (codes: errors/outbound-codes.ts, `objectStore`), in
 * this order: badUrl, a malformed URL or unsafe key; noAccess, the project has no access to any store (the cloud's
 * missing "agency"), or its grant is on an operator store that is not configured; notFound for a key outside every
 * grant, exactly as for a missing object and without asking any store, so nothing about other projects' keys can be
 * learned (not even from the time a store takes to answer). Then the store's own answers: notFound, no such object;
 * denied, access refused; refused, an own store whose address the guard refuses; tooLarge, over the cap; empty; and
 * unreachable for anything else.
 */
export class ObjectStorage {
  constructor(
    private readonly access: ObjectStorageAccess,
    private readonly clients: StoreClients,
    private readonly timeoutMs: number,
  ) {}

  async read(projectId: string, url: string, maxBytes: number): Promise<Buffer> {
    const location = parseObjectLocation(url);
    const grants = await this.access.grants(projectId);
    if (grants.length === 0) throw new OutboundFailure('noAccess');
    const grant = coveringGrant(grants, location);
    if (!grant) throw new OutboundFailure('notFound');
    const client = grant.store === 'operator' ? this.clients.operatorClient() : this.clients.projectClient(grant.store);
    if (!client) throw new OutboundFailure('noAccess');
    return this.get(client, location.bucket, location.key, maxBytes);
  }

  private async get(client: S3Client, bucket: string, key: string, maxBytes: number): Promise<Buffer> {
    let response;
    try {
      response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw storageFailure(error);
    }
    const length = Number(response.ContentLength ?? NaN);
    if (length > maxBytes) {
      (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new OutboundFailure('tooLarge');
    }
    if (length === 0) throw new OutboundFailure('empty');
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.Body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new OutboundFailure('tooLarge');
        chunks.push(chunk);
      }
    } catch (error) {
      throw error instanceof OutboundFailure ? error : new OutboundFailure('unreachable');
    }
    if (size === 0) throw new OutboundFailure('empty');
    return Buffer.concat(chunks);
  }
}

function storageFailure(error: unknown): OutboundFailure {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata?.httpStatusCode;
    if (error.name === 'NoSuchKey' || error.name === 'NoSuchBucket' || error.name === 'NotFound' || status === 404)
      return new OutboundFailure('notFound');
    if (
      status === 403 ||
      status === 401 ||
      /AccessDenied|SignatureDoesNotMatch|InvalidAccessKeyId|ExpiredToken/.test(error.name)
    )
      return new OutboundFailure('denied');
  }
  // The address guard refused an own store's address where it was connected to (its name resolves to, or it is, a
  // loopback or private address).
  const failure = outboundFailureOf(error);
  return failure.reason === 'refused' ? failure : new OutboundFailure('unreachable', failure.detail);
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Objects of a project's object storage, as the moderation domain reads them (its grants and stores), offered to
     * other domains (MaaS batches read their input from it). Fails with an OutboundFailure, as `ObjectStorage.read`.
     */
    projectObjects: Pick<ObjectStorage, 'read'>;
  }
}
