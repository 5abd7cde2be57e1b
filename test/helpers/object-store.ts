import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's one account: it checks access key ids, not SigV4 signatures, so any secret key passes with this id. */
export const s3rverAccessKey = 'S3RVER';

export interface TestObjectStore {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** An S3 server (s3rver) on 127.0.0.1 holding the given objects, named 'bucket/key'. */
export async function startObjectStore(objects: Record<string, Buffer>): Promise<TestObjectStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-s3-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = (await s3.run()) as unknown as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3rverAccessKey, secretAccessKey: s3rverAccessKey },
  });
  const buckets = new Set(Object.keys(objects).map((name) => name.split('/')[0]!));
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [name, body] of Object.entries(objects)) {
    const [bucket, ...key] = name.split('/');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key.join('/'), Body: body }));
  }
  client.destroy();
  return {
    endpoint,
    port,
    async close() {
      await s3.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
