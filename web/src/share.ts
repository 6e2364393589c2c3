// Weights in a link: the float32 bits, deflated by the browser's own CompressionStream, then
// base64url (no padding). Bit-exact both ways, so a link reproduces predictions to the last bit.
// A versioned header lets a truncated, damaged or foreign string be refused with a message
// instead of loading garbage: magic 'B', version, count as uint16 little-endian, and (from
// version 3) the CRC-32 of every other byte of the payload.
//
// Versions 1 and 3 are the weights alone (a starting-weights link). Versions 2 and 4 (a
// current-weights link) add the run they came from, so the reopened page continues it rather
// than starting at step 0: uint32 step, uint32 epoch, uint16 n, then n uint32 steps, n float32
// training losses and n float32 test losses (columns deflate better than rows). All little-endian.
//
// Versions 1 and 2 carry no checksum: about one single-bit flip in seven of their text decoded
// to other weights without a word. The page writes 3 and 4 only; it still reads 1 and 2 (links
// already shared keep working), trusting them as before.

const MAGIC = 0x42; // 'B'
const WEIGHTS_ONLY = 1;
const WITH_RUN = 2;
const CHECKED_WEIGHTS_ONLY = 3;
const CHECKED_WITH_RUN = 4;
const VERSIONS = [WEIGHTS_ONLY, WITH_RUN, CHECKED_WEIGHTS_ONLY, CHECKED_WITH_RUN];
const MAX_PARAMETERS = 65_535;
const MAX_HISTORY = 0xffff;
const MAX_STEP = 0xffff_ffff;
/** Header bytes: magic, version, count; then the checksum from version 3. */
const HEADER = 4;
const CHECKED_HEADER = 8;
/** The largest payload any link of this playground inflates to (every count at its most); more is refused while inflating. */
export const MAX_PAYLOAD_BYTES = CHECKED_HEADER + 4 * MAX_PARAMETERS + 10 + 12 * MAX_HISTORY;
/** The loss history a link carries: ~1.2 kB before deflating, so a link of a small network stays short. */
export const LINKED_HISTORY_POINTS = 100;

/** The loss history in a link: a thinned copy of the run's (float32 losses; NaN where the run had none). */
export interface LinkedHistory {
  step: number[];
  trainLoss: number[];
  testLoss: number[];
}

/** Where the shared weights came from: the run's step and epoch and how its loss got there. */
export interface LinkedRun {
  step: number;
  epoch: number;
  history: LinkedHistory;
}

export interface Unpacked {
  parameters: Float32Array;
  /** Null for a link of weights alone (version 1, or starting weights). */
  run: LinkedRun | null;
}

/** Links longer than this are refused with an offer of a file: chat apps, e-mail and some hosts cut them. */
export const MAX_LINK_LENGTH = 8_000;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The inflated bytes, or null once they pass `max` (a decompression bomb stops there, not at its end). */
async function inflate(bytes: Uint8Array, max: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 (the one of zip and PNG) of the payload without its checksum field: bytes 0-3 and 8 to the end. */
function payloadChecksum(raw: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < raw.length; i++) if (i < HEADER || i >= CHECKED_HEADER) c = CRC_TABLE[(c ^ raw[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  try {
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * At most `max` points of a history, spread evenly over it, the first and the last always among
 * them (the last is where the reopened chart continues).
 */
export function thinHistory(history: Readonly<LinkedHistory>, max = LINKED_HISTORY_POINTS): LinkedHistory {
  const n = history.step.length;
  const spread = (i: number) => (max > 1 ? Math.round((i * (n - 1)) / (max - 1)) : n - 1);
  const picks = n <= max ? [...Array(n).keys()] : [...new Set(Array.from({ length: max }, (_, i) => spread(i)))];
  return {
    step: picks.map((i) => history.step[i]),
    trainLoss: picks.map((i) => history.trainLoss[i]),
    testLoss: picks.map((i) => history.testLoss[i]),
  };
}

function checkRun(run: LinkedRun): void {
  const { step, epoch, history } = run;
  const whole = (v: number) => Number.isInteger(v) && v >= 0 && v <= MAX_STEP;
  if (!whole(step) || !whole(epoch)) throw new Error(`a link can carry a step and an epoch from 0 to ${MAX_STEP}`);
  const n = history.step.length;
  if (n > MAX_HISTORY || history.trainLoss.length !== n || history.testLoss.length !== n)
    throw new Error('a link carries at most 65,535 history points, each with both losses');
  if (history.step.some((v, i) => !whole(v) || v > step || (i > 0 && v < history.step[i - 1])))
    throw new Error('the history steps must be whole numbers that never go down, up to the run\'s step');
}

/**
 * The packed form of a parameter vector, for the `weights` URL parameter; with `run`, the run
 * those weights are at (version 4), else the weights alone (version 3). Both carry a checksum.
 */
export async function packWeights(values: Float32Array, run: LinkedRun | null = null): Promise<string> {
  if (values.length > MAX_PARAMETERS) throw new Error(`a link can carry at most ${MAX_PARAMETERS} weights (this network has ${values.length})`);
  if (run) checkRun(run);
  const n = run ? run.history.step.length : 0;
  const runBytes = run ? 10 + 12 * n : 0;
  const raw = new Uint8Array(CHECKED_HEADER + values.length * 4 + runBytes);
  const view = new DataView(raw.buffer);
  view.setUint8(0, MAGIC);
  view.setUint8(1, run ? CHECKED_WITH_RUN : CHECKED_WEIGHTS_ONLY);
  view.setUint16(2, values.length, true);
  values.forEach((v, i) => view.setFloat32(CHECKED_HEADER + i * 4, v, true));
  if (run) {
    let at = CHECKED_HEADER + values.length * 4;
    view.setUint32(at, run.step, true);
    view.setUint32(at + 4, run.epoch, true);
    view.setUint16(at + 8, n, true);
    at += 10;
    run.history.step.forEach((v, i) => view.setUint32(at + 4 * i, v, true));
    run.history.trainLoss.forEach((v, i) => view.setFloat32(at + 4 * (n + i), v, true));
    run.history.testLoss.forEach((v, i) => view.setFloat32(at + 4 * (2 * n + i), v, true));
  }
  view.setUint32(HEADER, payloadChecksum(raw), true);
  return toBase64Url(await pipe(raw, new CompressionStream('deflate-raw')));
}

/** The run after the weights of a version-2 or -4 payload; throws an Error saying what is wrong with it. */
function readRun(view: DataView, at: number): LinkedRun {
  const cut = 'the run in this link (its step and loss history) is cut short';
  if (view.byteLength < at + 10) throw new Error(cut);
  const step = view.getUint32(at, true);
  const epoch = view.getUint32(at + 4, true);
  const n = view.getUint16(at + 8, true);
  at += 10;
  const extra = view.byteLength - (at + 12 * n);
  if (extra < 0) throw new Error(`${cut} (${Math.floor((view.byteLength - at) / 12)} of ${n} history points)`);
  if (extra > 0) throw new Error(`the run in this link has ${extra} bytes after the ${n} history points its header announces`);
  const column = (k: number, read: (offset: number) => number) => Array.from({ length: n }, (_, i) => read(at + 4 * (k * n + i)));
  const history = {
    step: column(0, (o) => view.getUint32(o, true)),
    // float32 to the number the trainer recorded; NaN and ±Infinity stay (a gap on the chart).
    trainLoss: column(1, (o) => view.getFloat32(o, true)),
    testLoss: column(2, (o) => view.getFloat32(o, true)),
  };
  if (history.step.some((v, i) => v > step || (i > 0 && v < history.step[i - 1])))
    throw new Error('the loss history in this link is out of order');
  return { step, epoch, history };
}

/** The parameters in a packed string; throws an Error saying what is wrong with it. */
export async function unpackWeights(text: string, expected?: number): Promise<Float32Array> {
  return (await unpackLink(text, expected)).parameters;
}

/** The parameters and (versions 2 and 4) the run in a packed string; throws an Error saying what is wrong with it. */
export async function unpackLink(text: string, expected?: number): Promise<Unpacked> {
  const packed = fromBase64Url(text);
  if (!packed || packed.length === 0) throw new Error('the weights in this link are not valid base64url text');
  let raw: Uint8Array | null;
  try {
    raw = await inflate(packed, MAX_PAYLOAD_BYTES);
  } catch {
    throw new Error('the weights in this link are damaged or cut short (they do not decompress)');
  }
  if (!raw) throw new Error(`the weights in this link decompress to more than ${MAX_PAYLOAD_BYTES.toLocaleString('en-US')} bytes, more than any link of this playground holds`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < HEADER || view.getUint8(0) !== MAGIC) throw new Error('the weights in this link are not from this playground');
  const version = view.getUint8(1);
  if (!VERSIONS.includes(version))
    throw new Error(`the weights in this link use format ${version}; this page reads formats 1 to ${VERSIONS.length}`);
  const checked = version === CHECKED_WEIGHTS_ONLY || version === CHECKED_WITH_RUN;
  const withRun = version === WITH_RUN || version === CHECKED_WITH_RUN;
  const start = checked ? CHECKED_HEADER : HEADER;
  if (checked && (raw.length < start || view.getUint32(HEADER, true) !== payloadChecksum(raw)))
    throw new Error('the weights in this link are damaged (their checksum does not match)');
  const count = view.getUint16(2, true);
  const end = start + count * 4;
  if (raw.length < end) throw new Error(`the weights in this link are cut short (${Math.floor((raw.length - start) / 4)} of ${count} values)`);
  if (!withRun && raw.length > end)
    throw new Error(`the weights in this link have ${raw.length - end} bytes after the ${count} values their header announces`);
  if (expected !== undefined && count !== expected) throw new Error(`the link carries ${count} weights but this network has ${expected}`);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    values[i] = view.getFloat32(start + i * 4, true);
    if (!Number.isFinite(values[i])) throw new Error(`weight ${i} in this link is not a finite number (got ${values[i]})`);
  }
  return { parameters: values, run: withRun ? readRun(view, end) : null };
}
