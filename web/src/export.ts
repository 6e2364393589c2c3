// A playground run as files: the saved setup (JSON: configuration, user-drawn data, weights, loss
// history; versioned), and CSV of the loss history and of the data points. Pure (no DOM), so the
// format and every refusal are tested in Node. A file that is not exactly a setup this page can
// read is refused whole, with the first problem named, so a bad file never half-changes a run.
import { layerWidths } from './model';
import { quoted } from './quoted';
import { checkPartial, defaultState, DOMAIN, MAX_POINTS, parseHash, properties, toHash, type State } from './state';
import { parameterCount } from './parameters';

export const FORMAT = 'backprop-playground';
export const FORMAT_VERSION = 1;
/** Larger files are refused before they are read (the largest real setup is well under 1 MB). */
export const MAX_FILE_BYTES = 20_000_000;
const MAX_HISTORY = 100_000;
/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Loss over a run, one entry per recorded frame (as the trainer's History). */
export interface SavedHistory {
  step: number[];
  epoch: number[];
  trainLoss: number[];
  testLoss: number[];
  /** gradientNorms[l][i]: ‖∂L/∂W_l‖ at the i-th entry. */
  gradientNorms: number[][];
}

/** Everything a saved setup restores. */
export interface Setup {
  /** The configuration, with `weights` cleared (the file carries its weights below). */
  state: State;
  /** [W0 b0 W1 b1 ...] as shown when saved. */
  parameters: Float32Array | null;
  /** The same at step 0 of the run, so the run can be replayed (null when unknown). */
  start: Float32Array | null;
  history: SavedHistory | null;
}

export { parameterCount }; // for the modules that read a setup's weights

/**
 * The shortest decimal that reads back as the same float32: weights print as 0.1234567 rather
 * than 0.12345670163631439, and still load to the last bit (only -0 becomes 0: JSON has no -0).
 */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const target = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return Number(target.toPrecision(9));
}

// The state as the file shows it: every table property but those the file holds elsewhere
// (points under data, weights under weights).
const FILE_STATE_OMITS = new Set(['points', 'weights', 'weightsAt']);

/** JSON with objects indented and lists of numbers on one line: readable, and not 10,000 lines long. */
function pretty(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

/** The saved-setup file's text. */
export function buildExport(setup: Setup, exportedAt: Date = new Date()): string {
  const { state } = setup;
  const fileState: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) if (!FILE_STATE_OMITS.has(key)) fileState[key] = value;
  const points: number[][] = [];
  for (let i = 0; i + 2 < state.points.length; i += 3) points.push([state.points[i], state.points[i + 1], state.points[i + 2]]);
  const floats = (values: Float32Array | null) => (values ? Array.from(values, shortestFloat32) : null);
  const history = setup.history;
  return `${pretty({
    format: FORMAT,
    version: FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    state: fileState,
    data: state.dataset === 'custom' ? { points } : null,
    weights: setup.parameters
      ? { layers: layerWidths(state), current: floats(setup.parameters), start: floats(setup.start) }
      : null,
    // Diverged losses are Infinity or NaN, which JSON cannot hold: they are written as null.
    history: history
      ? {
          step: history.step, epoch: history.epoch,
          trainLoss: history.trainLoss.map(finiteOrNull), testLoss: history.testLoss.map(finiteOrNull),
          gradientNorms: history.gradientNorms.map((norms) => norms.map(finiteOrNull)),
        }
      : null,
  })}\n`;
}

/** A refusal: the message names the first problem found. */
class Refusal extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function fields(object: Record<string, unknown>, where: string, required: readonly string[], optional: readonly string[] = []): void {
  for (const name of required) if (!Object.hasOwn(object, name)) throw new Refusal(`${where}'${name}' is missing`);
  const known = new Set([...required, ...optional]);
  const extra = Object.keys(object).find((name) => !known.has(name));
  if (extra !== undefined) throw new Refusal(`${where}has an unknown field '${extra.slice(0, 40)}'`);
}

function numbers(value: unknown, name: string, options: { nullable?: boolean; max?: number } = {}): number[] {
  if (!Array.isArray(value)) throw new Refusal(`'${name}' must be a list of numbers (got ${quoted(value).slice(0, 40)})`);
  if (options.max !== undefined && value.length > options.max) throw new Refusal(`'${name}' has ${value.length} entries, more than ${options.max}`);
  return value.map((v, i) => {
    if (v === null && options.nullable) return NaN;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Refusal(`${name}[${i}] is not a finite number (got ${quoted(v).slice(0, 24)})`);
    return v;
  });
}

function readState(value: unknown): State {
  if (!isObject(value)) throw new Refusal("'state' must be an object of settings");
  const omitted = Object.keys(value).find((name) => FILE_STATE_OMITS.has(name));
  if (omitted !== undefined) throw new Refusal(`'state' must not hold '${omitted}' (it has its own field in the file)`);
  const { changes, problems } = checkPartial(value);
  if (problems.length > 0) throw new Refusal(`in 'state': ${problems[0]}`);
  return { ...defaultState(), ...changes };
}

function readPoints(data: unknown, state: State): number[] {
  if (state.dataset !== 'custom') {
    if (data !== null) throw new Refusal("'data' must be null: only a drawn data set (dataset 'custom') is saved");
    return [];
  }
  if (!isObject(data)) throw new Refusal("'data' must hold the drawn points, { \"points\": [[x, y, label], ...] }");
  fields(data, "'data' ", ['points']);
  if (!Array.isArray(data.points)) throw new Refusal("'data.points' must be a list of [x, y, label]");
  if (data.points.length > MAX_POINTS) throw new Refusal(`'data.points' has ${data.points.length} points, more than ${MAX_POINTS}`);
  const flat: number[] = [];
  for (const [i, point] of data.points.entries()) {
    if (!Array.isArray(point) || point.length !== 3) throw new Refusal(`data.points[${i}] must be [x, y, label]`);
    const triple = numbers(point, `data.points[${i}]`);
    if (!properties.points.valid(triple)) {
      throw new Refusal(`data.points[${i}] must have x and y from -${DOMAIN} to ${DOMAIN} and a label of 1 or -1 (got ${JSON.stringify(triple).slice(0, 60)})`);
    }
    flat.push(...triple);
  }
  // A link may open an empty canvas to draw on; a saved run was trained on data.
  if (flat.length < 6) throw new Refusal("a drawn data set (dataset 'custom') needs at least 2 points");
  return flat;
}

function readWeights(value: unknown, state: State): { parameters: Float32Array | null; start: Float32Array | null } {
  if (value === null) return { parameters: null, start: null };
  if (!isObject(value)) throw new Refusal("'weights' must be null or { layers, current, start }");
  fields(value, "'weights' ", ['layers', 'current', 'start']);
  const layers = numbers(value.layers, 'weights.layers');
  const expected = layerWidths(state);
  if (layers.join('-') !== expected.join('-')) {
    throw new Refusal(`the weights are for layers ${layers.join('-')} but the configuration's network has ${expected.join('-')}`);
  }
  const count = parameterCount(expected);
  // Checked as the network will hold them, float32: a finite double past ±3.4e38 is Infinity there.
  const read = (v: unknown, name: string) => {
    const list = numbers(v, name, { max: count + 1 });
    if (list.length !== count) throw new Refusal(`'${name}' has ${list.length} values; this network has ${count}`);
    const floats = Float32Array.from(list);
    const beyond = floats.findIndex((f) => !Number.isFinite(f));
    if (beyond >= 0) {
      throw new Refusal(`${name}[${beyond}] is beyond the range of a float32 weight, ±${FLOAT32_MAX.toPrecision(8)} (got ${String(list[beyond]).slice(0, 24)})`);
    }
    return floats;
  };
  return { parameters: read(value.current, 'weights.current'), start: value.start === null ? null : read(value.start, 'weights.start') };
}

function readHistory(value: unknown, state: State): SavedHistory | null {
  if (value === null) return null;
  if (!isObject(value)) throw new Refusal("'history' must be null or an object of lists");
  fields(value, "'history' ", ['step', 'epoch', 'trainLoss', 'testLoss', 'gradientNorms']);
  const max = { max: MAX_HISTORY };
  const step = numbers(value.step, 'history.step', max);
  const epoch = numbers(value.epoch, 'history.epoch', max);
  const trainLoss = numbers(value.trainLoss, 'history.trainLoss', { ...max, nullable: true });
  const testLoss = numbers(value.testLoss, 'history.testLoss', { ...max, nullable: true });
  if (!Array.isArray(value.gradientNorms)) throw new Refusal("'history.gradientNorms' must be a list of lists");
  const gradientNorms = value.gradientNorms.map((norms, l) => numbers(norms, `history.gradientNorms[${l}]`, { ...max, nullable: true }));
  for (const [name, list] of [['epoch', epoch], ['trainLoss', trainLoss], ['testLoss', testLoss]] as const) {
    if (list.length !== step.length) throw new Refusal(`'history.${name}' has ${list.length} entries but 'history.step' has ${step.length}`);
  }
  if (step.some((s, i) => !Number.isSafeInteger(s) || s < 0 || (i > 0 && s < step[i - 1]))) {
    throw new Refusal("'history.step' must be whole numbers that never go down");
  }
  const negative = epoch.findIndex((e) => e < 0);
  if (negative >= 0) throw new Refusal(`history.epoch[${negative}] must not be negative (got ${epoch[negative]})`);
  // One list of norms per weight layer, one norm per entry (the gradient chart reads them by index).
  const layers = layerWidths(state).length - 1;
  if (gradientNorms.length > layers) throw new Refusal(`'history.gradientNorms' has ${gradientNorms.length} lists but the network has ${layers} weight layers`);
  const ragged = gradientNorms.findIndex((norms) => norms.length !== step.length);
  if (ragged >= 0) {
    throw new Refusal(`'history.gradientNorms[${ragged}]' has ${gradientNorms[ragged].length} entries but 'history.step' has ${step.length}`);
  }
  return { step, epoch, trainLoss, testLoss, gradientNorms };
}

/** Reads a saved-setup file; `problem` says what is wrong when it cannot be used. */
export function parseExport(text: string): { setup: Setup } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    if (!isObject(json)) throw new Refusal('it holds JSON but not a saved setup (an object)');
    if (json.format !== FORMAT) {
      throw new Refusal(json.format === undefined ? "it is not a saved setup of this playground (it has no 'format')"
        : `it is not a saved setup of this playground (its format is ${JSON.stringify(json.format).slice(0, 40)})`);
    }
    const version = json.version;
    if (!Number.isInteger(version) || (version as number) < 1) throw new Refusal(`'version' must be a whole number from 1 (got ${quoted(version).slice(0, 24)})`);
    if ((version as number) > FORMAT_VERSION) {
      throw new Refusal(`it was saved by a newer version of the playground (format version ${version}; this page reads version ${FORMAT_VERSION})`);
    }
    fields(json, '', ['format', 'version', 'exportedAt', 'state', 'data', 'weights', 'history']);
    if (typeof json.exportedAt !== 'string') throw new Refusal(`'exportedAt' must be a date as text (got ${quoted(json.exportedAt).slice(0, 24)})`);
    const state = readState(json.state);
    state.points = readPoints(json.data, state);
    // The same checks of one setting against another as a link gets (features on, layer
    // activations matching the layers...); a file needing repairs is refused rather than repaired.
    const checked = parseHash(toHash(state));
    if (checked.problems.length > 0) throw new Refusal(`in 'state': ${checked.problems[0]}`);
    const { parameters, start } = readWeights(json.weights, checked.state);
    return { setup: { state: checked.state, parameters, start, history: readHistory(json.history, checked.state) } };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.message };
    throw error;
  }
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces; numbers that are not finite are empty. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows to CSV text, CRLF line ends as RFC 4180 asks (every spreadsheet and pandas read it). */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The loss history: one row per recorded frame. */
export function lossCsv(history: Pick<SavedHistory, 'step' | 'epoch' | 'trainLoss' | 'testLoss'>): string {
  const rows: (string | number)[][] = [['epoch', 'step', 'train_loss', 'test_loss']];
  for (let i = 0; i < history.step.length; i++) rows.push([history.epoch[i], history.step[i], history.trainLoss[i], history.testLoss[i]]);
  return csvText(rows);
}

/** The data points as the engine drew them, (n, 3) of x, y, label each, marked train or test. */
export function pointsCsv(train: ArrayLike<number>, test: ArrayLike<number>): string {
  const rows: (string | number)[][] = [['x', 'y', 'label', 'set']];
  for (const [set, list] of [['train', train], ['test', test]] as const) {
    for (let i = 0; i + 2 < list.length; i += 3) {
      rows.push([shortestFloat32(list[i]), shortestFloat32(list[i + 1]), shortestFloat32(list[i + 2]), set]);
    }
  }
  return csvText(rows);
}
