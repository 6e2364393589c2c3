// Weights in a link: the float32 bits, deflated by the browser's own CompressionStream, then
// base64url (no padding). Bit-exact both ways, so a link reproduces predictions to the last bit.
// A header of 4 bytes (magic 'B', version 1, count as uint16 little-endian) lets a truncated
// or foreign string be refused with a message instead of loading garbage.

const MAGIC = 0x42; // 'B'
const VERSION = 1;
const MAX_PARAMETERS = 65_535;

/** Links longer than this are refused with an offer of a file: chat apps, e-mail and some hosts cut them. */
export const MAX_LINK_LENGTH = 8_000;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The packed form of a parameter vector, for the `weights` URL parameter. */
export async function packWeights(values: Float32Array): Promise<string> {
  if (values.length > MAX_PARAMETERS) throw new Error(`a link can carry at most ${MAX_PARAMETERS} weights (this network has ${values.length})`);
  const raw = new Uint8Array(4 + values.length * 4);
  const view = new DataView(raw.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, VERSION);
  view.setUint16(2, values.length, true);
  values.forEach((v, i) => view.setFloat32(4 + i * 4, v, true));
  return toBase64Url(await pipe(raw, new CompressionStream('deflate-raw')));
}

/** The parameters in a packed string; throws an Error saying what is wrong with it. */
export async function unpackWeights(text: string, expected?: number): Promise<Float32Array> {
  const packed = fromBase64Url(text);
  if (!packed || packed.length === 0) throw new Error('the weights in this link are not valid base64url text');
  let raw: Uint8Array;
  try {
    raw = await pipe(packed, new DecompressionStream('deflate-raw'));
  } catch {
    throw new Error('the weights in this link are damaged or cut short (they do not decompress)');
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < 4 || view.getUint8(0) !== MAGIC) throw new Error('the weights in this link are not from this playground');
  if (view.getUint8(1) !== VERSION) throw new Error(`the weights in this link use format ${view.getUint8(1)}; this page reads format ${VERSION}`);
  const count = view.getUint16(2, true);
  if (raw.length !== 4 + count * 4) throw new Error(`the weights in this link are cut short (${Math.floor((raw.length - 4) / 4)} of ${count} values)`);
  if (expected !== undefined && count !== expected) throw new Error(`the link carries ${count} weights but this network has ${expected}`);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    values[i] = view.getFloat32(4 + i * 4, true);
    if (!Number.isFinite(values[i])) throw new Error(`weight ${i} in this link is not a finite number`);
  }
  return values;
}
