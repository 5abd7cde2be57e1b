import { GetObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ApiError } from '../../errors/api-error.js';
import { classifyOutboundError } from '../../net/outbound.js';
import { parseObjectLocation } from './object-location.js';
import { coveringGrant, type ObjectStorageAccess } from './object-storage-access.js';
import type { StoreClients } from './store-clients.js';

/**
 * Reads one object from an S3-compatible store (the cloud's OBS speaks S3) for a project, through the project's
 * access (ObjectStorageAccess). In this order: ModelArts.4703 malformed URL or unsafe key; ModelArts.4702 the project
 * has no access to any store (the cloud's missing "agency"), or its grant is on an operator store that is not
 * configured; ModelArts.4706 a key outside every grant, answered exactly as a missing object and without asking any
 * store, so nothing about other projects' keys can be learned (not even from the time a store takes to answer).
 * Then the store's own answers: ModelArts.4706 no such object; AIS.0024 access refused; ModelArts.4601 an own store
 * whose address the guard refuses; AIS.0023 larger than the cap; AIS.0025 empty; ModelArts.4704 anything else.
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
    if (grants.length === 0) throw new ApiError('ModelArts.4702');
    const grant = coveringGrant(grants, location);
    if (!grant) throw new ApiError('ModelArts.4706');
    const client = grant.store === 'operator' ? this.clients.operatorClient() : this.clients.projectClient(grant.store);
    if (!client) throw new ApiError('ModelArts.4702');
    return this.get(client, location.bucket, location.key, maxBytes);
  }

  private async get(client: S3Client, bucket: string, key: string, maxBytes: number): Promise<Buffer> {
    let response;
    try {
      response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw mapStorageError(error);
    }
    const length = Number(response.ContentLength ?? NaN);
    if (length > maxBytes) {
      (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new ApiError('AIS.0023');
    }
    if (length === 0) throw new ApiError('AIS.0025');
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.Body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new ApiError('AIS.0023');
        chunks.push(chunk);
      }
    } catch (error) {
      throw error instanceof ApiError ? error : new ApiError('ModelArts.4704');
    }
    if (size === 0) throw new ApiError('AIS.0025');
    return Buffer.concat(chunks);
  }
}

function mapStorageError(error: unknown): ApiError {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata?.httpStatusCode;
    if (error.name === 'NoSuchKey' || error.name === 'NoSuchBucket' || error.name === 'NotFound' || status === 404)
      return new ApiError('ModelArts.4706');
    if (
      status === 403 ||
      status === 401 ||
      /AccessDenied|SignatureDoesNotMatch|InvalidAccessKeyId|ExpiredToken/.test(error.name)
    )
      return new ApiError('AIS.0024');
  }
  // The address guard refused an own store's address where it was connected to (its name resolves to, or it is, a
  // loopback or private address).
  if (classifyOutboundError(error) === 'refused') return new ApiError('ModelArts.4601');
  return new ApiError('ModelArts.4704');
}
