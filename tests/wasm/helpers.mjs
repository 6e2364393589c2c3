// Shared by the Node tests of the WebAssembly engine.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const engineUrl = new URL('../../dist/engine/index.mjs', import.meta.url);
export const { loadEngine, simdSupported } = await import(engineUrl.href);

/** Both builds, SIMD first. */
export async function engines() {
  return [await loadEngine({ simd: true }), await loadEngine({ simd: false })];
}

/** The native command-line tool on a {network, data} config; its JSON output. */
export function trainNative(config, steps) {
  const out = execFileSync(`${root}build/native/bp-train`, ['-', '--steps', String(steps), '--weights'], {
    input: JSON.stringify(config),
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.toString());
}

/** FNV-1a 64 over the bits of every float, as bp-train prints it. */
export function checksum(floats) {
  const bytes = new Uint8Array(Float32Array.from(floats).buffer);
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
