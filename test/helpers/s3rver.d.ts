// s3rver ships no types; the tests use only its constructor, run() and close().
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string });
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
