import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ApiError } from '../../errors/api-error.js';
import { parseObjectLocation } from './object-location.js';

export interface ObjectStorageConfig {
  /** e.g. http://127.0.0.1:9000 or https://obs.cn-north-4.myhuaweicloud.com; unset: object-storage URLs refused. */
  endpoint?: string;
  region: string;
  accessKey?: string;
  secretKey?: string;
  /** Path-style addressing (MinIO and most self-hosted stores). */
  forcePathStyle: boolean;
}

/**
 * Reads one object from an S3-compatible store (the cloud's OBS speaks S3). Errors: ModelArts.4703 malformed URL or
 * unsafe key (parseObjectLocation); ModelArts.4702 no store configured (the "agency"); ModelArts.4706 no such
 * object; AIS.0024 access refused; AIS.0023 larger than the cap; AIS.0025 empty; ModelArts.4704 anything else.
 */
export class ObjectStorage {
  private readonly client: S3Client | undefined;

  constructor(
    private readonly config: ObjectStorageConfig,
    private readonly timeoutMs: number,
  ) {
    if (config.endpoint && config.accessKey && config.secretKey) {
      this.client = new S3Client({
        endpoint: config.endpoint,
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secretKey },
        maxAttempts: 1,
      });
    }
  }

  async read(url: string, maxBytes: number): Promise<Buffer> {
    const location = parseObjectLocation(url);
    if (!this.client) throw new ApiError('ModelArts.4702');
    let response;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
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

  close(): void {
    this.client?.destroy();
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
  return new ApiError('ModelArts.4704');
}
