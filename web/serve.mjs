// A static file server for the built page (dist/), on 127.0.0.1 only. `npm start` runs it.
//   node web/serve.mjs [--port N] [--root DIR]     (default port 8080, or the next free port)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const root = resolve(rootArg > 0 ? process.argv[rootArg + 1] : fileURLToPath(new URL('../dist/', import.meta.url)));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};
// The service worker is looked for at every visit: a cached copy would hide a new version.
const headers = (file) => (file.endsWith('/sw.js') ? { 'cache-control': 'no-cache' } : {});

async function handle(request, response) {
  const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    response.writeHead(403).end('forbidden');
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers(file) });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
  }
}

const portArg = process.argv.indexOf('--port');
let port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 8080);
const server = createServer((req, res) => {
  handle(req, res).catch(() => res.writeHead(500).end('server error'));
});
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE' && portArg < 0) {
    port += 1;
    server.listen(port, '127.0.0.1');
  } else {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
});
server.on('listening', () => console.log(`Backprop Playground: http://127.0.0.1:${port}/`));
server.listen(port, '127.0.0.1');
