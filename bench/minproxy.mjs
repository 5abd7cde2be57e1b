// The floor for a Node proxy: read the body, forward it with a keep-alive pool, pipe the answer back. No auth, no parsing.
import http from 'node:http';
import { Pool } from 'undici'; // run from a folder whose node_modules has undici
const port = Number(process.argv[2] ?? 19004);
const pool = new Pool('http://127.0.0.1:19001', { connections: 256 });
http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const up = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] });
    for await (const c of up.body) res.write(c);
    res.end();
  })
  .listen(port, '127.0.0.1');
