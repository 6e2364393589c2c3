// The postMessage API of embed.html: what a parent page may send to the frame, and what the
// frame sends back. This module only reads and checks messages (pure, never throws);
// embed/app.ts carries them out.
//
// The frame: embed.html?panels=network,output&locked=activation&hide=seed&autoplay=1
// &origins=https://a.example#<configuration as in the full page's address> (embed/options.ts).
// It works in <iframe sandbox="allow-scripts"> too; add allow-popups for its "Open in full
// playground" link to open.
//
// Every message, both ways, is a plain object with source: 'backprop-playground' and a type.
// Objects without that source are not ours (other scripts post messages too): ignored silently.
// Only messages from the frame's own parent window are read, and, when the embed URL has
// origins=https://a.example,https://b.example, only from those origins; others are ignored.
//
// Commands (parent → frame). Each may carry an id (a string of up to 100 characters, or a
// finite number); the frame's reply repeats it.
//   { type: 'load', hash: '#activation=relu&networkShape=4,2' }
//        the whole configuration, as in the full page's address; it may change locked
//        controls (the host decides), and the embed URL's locked= and hide= apply again after it.
//   { type: 'load', state: { learningRate: 0.1, dataset: 'xor' } }
//        some properties, also past locks; the others keep their values. state.locked and
//        state.hidden, if given, replace the lists of locked and hidden controls.
//   { type: 'play' }   { type: 'pause' }   { type: 'reset' } (new initial weights, epoch 0)
//   { type: 'resetSetup' }        back to the author's setup: the embed URL's configuration and
//        every host load since (not a set), with its points and weights; epoch 0. The reader's
//        "Reset to this setup" button does the same.
//   { type: 'step', n: 25 }        n minibatch steps, 1 to 10000; without n, one epoch.
//   { type: 'set', key: 'learningRate', value: 0.3 }
//        one property, as the user would change it: a locked control refuses (key 'locked',
//        a list of control names, changes which are locked).
//   { type: 'getState' }           replied to with { type: 'state', id, command, state }.
//   { type: 'highlight', neuron: { layer: 1, index: 0 } }
//   { type: 'highlight', link: { layer: 0, from: 1, to: 2 } }
//        a ring around a neuron, or a glow on a link, in the network panel. Layer 0 is the
//        enabled input features, then the hidden layers, the output last; indices count from 0.
//        A link joins neuron `from` of `layer` to neuron `to` of `layer + 1`.
//   { type: 'highlight' }          clears it (so does neuron: null).
// Fields a command does not take are refused (a typo would otherwise pass unnoticed).
// Any command may also carry version: the API version its host was written for (a whole number;
// 'ready' tells the frame's). A version the frame does not speak (above API_VERSION) is refused
// with an error that names the frame's, rather than half carried out; no version means 1.
//
// Replies (frame → parent), only to a command that had an id, once it is done (a step once
// trained): { type: 'ok', id, command, problems? }; load lists in problems what it could not
// use (the rest was applied; the reader's view shows no notice of it: the host's command, the
// host's news). A refused or malformed command is answered, with or without an
// id, by { type: 'error', id?, command?, message, problems? }; a bad message never throws.
//
// Events (frame → parent):
//   { type: 'ready', version: 1, state }            the first frame is drawn; commands work.
//   { type: 'progress', step, epoch, trainLoss, testLoss }   at most 4 a second while it
//                                                    trains; the last one always comes.
//   { type: 'diverged', step }                       the loss became too large.
//   { type: 'error', message }                       the engine refused something.
//   { type: 'change', keys, state }                  the reader changed settings (keys: the
//                                                    names that changed, sorted; state: all of
//                                                    them now). Never for the host's own commands.
//   { type: 'resize', height }                       the content's height in CSS pixels,
//                                                    whenever it changes (auto-height frames).
// Events go to the allowed origins, or to any parent ('*') when there is no allow-list. A
// sandboxed parent's origin is "null", reachable only through '*', which whatever page frames
// the embed hears too: with origins=null (or "null" in the list) that page is sent only
// forAnyParent's part of each event (a 'ready' with the version, no state) until the parent has
// sent a command from origin "null"; from then on it is known to be a sandboxed page, and gets
// every event (the latest 'resize' at once). A listed origin's parent may hear 'ready' twice.
import { checkPartial, keys, MAX_HIDDEN_LAYERS, MAX_NEURONS, type State } from '../state';
import type { HighlightTarget } from '../highlight';

export const SOURCE = 'backprop-playground';
/**
 * The version of this message format, sent with ready. It goes up only when a message's meaning
 * changes in a way an old host would misread (new commands, events or fields do not change it);
 * the package's major version goes up with it (CHANGELOG.md).
 */
export const API_VERSION = 1;
export const MAX_STEPS = 10_000;
const MAX_ID_LENGTH = 100;
const MAX_HASH_LENGTH = 100_000;

export const COMMANDS = ['load', 'play', 'pause', 'step', 'reset', 'resetSetup', 'set', 'getState', 'highlight'] as const;
export type CommandType = (typeof COMMANDS)[number];
export type Id = string | number;

export type Command = { id?: Id } & (
  | { type: 'load'; hash: string }
  | { type: 'load'; state: Partial<State>; problems: string[] }
  | { type: 'play' | 'pause' | 'reset' | 'resetSetup' | 'getState' }
  | { type: 'step'; n: number | null }
  | { type: 'set'; key: keyof State; value: unknown }
  | { type: 'highlight'; target: HighlightTarget | null }
);

/** What became of a message: one of ours to carry out, one of ours to refuse, or not ours. */
export type Parsed =
  | { kind: 'command'; command: Command }
  | { kind: 'invalid'; id?: Id; command?: CommandType; message: string; problems?: string[] }
  | { kind: 'ignore' };

type Record_ = Record<string, unknown>;

function isObject(value: unknown): value is Record_ {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A name for an error message, cut short. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A value for an error message: as JSON, cut short. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return short(text);
}

class Refusal extends Error {
  constructor(message: string, readonly problems?: string[]) {
    super(message);
  }
}

function refuse(message: string, problems?: string[]): never {
  throw new Refusal(message, problems);
}

function only(message: Record_, type: CommandType, allowed: readonly string[]): void {
  const extra = Object.keys(message).filter((k) => k !== 'source' && k !== 'type' && k !== 'id' && k !== 'version' && !allowed.includes(k));
  if (extra.length > 0) {
    const takes = allowed.length > 0 ? `it takes ${allowed.join(', ')}` : 'it takes no fields besides id';
    refuse(`'${type}' does not take ${extra.map((k) => `'${short(k)}'`).join(', ')}; ${takes}`);
  }
}

function whole(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(`${name} must be a whole number from ${min} to ${max} (got ${shown(value)})`);
  }
  return value;
}

function highlightTarget(message: Record_): HighlightTarget | null {
  only(message, 'highlight', ['neuron', 'link']);
  const hasNeuron = message.neuron !== undefined && message.neuron !== null;
  const hasLink = message.link !== undefined && message.link !== null;
  if (hasNeuron && hasLink) refuse("'highlight' takes a neuron or a link, not both");
  const maxLayer = MAX_HIDDEN_LAYERS + 1;
  if (hasNeuron) {
    const neuron = message.neuron;
    if (!isObject(neuron)) refuse(`'highlight' neuron must be an object { layer, index } (got ${shown(neuron)})`);
    const extra = Object.keys(neuron).filter((k) => k !== 'layer' && k !== 'index');
    if (extra.length > 0) refuse(`'highlight' neuron takes only layer and index`);
    return { neuron: { layer: whole(neuron.layer, 'neuron.layer', 0, maxLayer), index: whole(neuron.index, 'neuron.index', 0, MAX_NEURONS - 1) } };
  }
  if (hasLink) {
    const link = message.link;
    if (!isObject(link)) refuse(`'highlight' link must be an object { layer, from, to } (got ${shown(link)})`);
    const extra = Object.keys(link).filter((k) => k !== 'layer' && k !== 'from' && k !== 'to');
    if (extra.length > 0) refuse(`'highlight' link takes only layer, from and to`);
    return {
      link: {
        layer: whole(link.layer, 'link.layer', 0, maxLayer - 1),
        from: whole(link.from, 'link.from', 0, MAX_NEURONS - 1),
        to: whole(link.to, 'link.to', 0, MAX_NEURONS - 1),
      },
    };
  }
  return null;
}

function command(message: Record_, type: CommandType): Command {
  switch (type) {
    case 'load': {
      only(message, type, ['hash', 'state']);
      const hasHash = message.hash !== undefined;
      const hasState = message.state !== undefined;
      if (hasHash === hasState) refuse("'load' takes either hash (a string like '#activation=relu') or state (an object of properties)");
      if (hasHash) {
        if (typeof message.hash !== 'string') refuse(`'load' hash must be a string (got ${shown(message.hash)})`);
        if (message.hash.length > MAX_HASH_LENGTH) refuse(`'load' hash is too long (${message.hash.length} characters; at most ${MAX_HASH_LENGTH})`);
        return { type, hash: message.hash };
      }
      if (!isObject(message.state)) refuse(`'load' state must be an object of properties (got ${shown(message.state)})`);
      const { changes, problems } = checkPartial(message.state);
      if (Object.keys(changes).length === 0 && problems.length > 0) refuse(`'load' state has nothing usable: ${problems.join('; ')}`, problems);
      return { type, state: changes, problems };
    }
    case 'play':
    case 'pause':
    case 'reset':
    case 'resetSetup':
    case 'getState':
      only(message, type, []);
      return { type };
    case 'step':
      only(message, type, ['n']);
      return { type, n: message.n === undefined ? null : whole(message.n, "'step' n", 1, MAX_STEPS) };
    case 'set': {
      only(message, type, ['key', 'value']);
      const key = message.key;
      if (typeof key !== 'string') refuse(`'set' key must be the name of a property, such as 'learningRate' (got ${shown(key)})`);
      const known = (keys as readonly string[]).includes(key) || key === 'hidden' || key === 'locked';
      if (!known) refuse(`'set' key '${short(key)}' is not a property of the playground`);
      if (!('value' in message)) refuse(`'set' needs a value for '${key}'`);
      const { problems } = checkPartial({ [key]: message.value });
      if (problems.length > 0) refuse(problems.join('; '), problems);
      return { type, key: key as keyof State, value: message.value };
    }
    case 'highlight':
      return { type, target: highlightTarget(message) };
  }
}

/** Reads one message event's data. Never throws: anything wrong is an 'invalid' with a message. */
export function parseMessage(data: unknown): Parsed {
  try {
    if (!isObject(data) || data.source !== SOURCE) return { kind: 'ignore' };
    let id: Id | undefined;
    if (data.id !== undefined) {
      const ok = (typeof data.id === 'string' && data.id.length <= MAX_ID_LENGTH) || (typeof data.id === 'number' && Number.isFinite(data.id));
      if (!ok) return { kind: 'invalid', message: `id must be a string of up to ${MAX_ID_LENGTH} characters or a finite number (got ${shown(data.id)})` };
      id = data.id as Id;
    }
    const type = data.type;
    if (typeof type !== 'string' || !(COMMANDS as readonly string[]).includes(type)) {
      return { kind: 'invalid', id, message: `unknown command type ${shown(type)}; expected one of ${COMMANDS.join(', ')}` };
    }
    try {
      if (data.version !== undefined) {
        const version = data.version;
        if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) refuse(`version must be a whole number from 1 (got ${shown(version)})`);
        if (version > API_VERSION) refuse(`this playground speaks version ${API_VERSION} of the message API, not ${version}`);
      }
      const parsed = command(data, type as CommandType);
      return { kind: 'command', command: id === undefined ? parsed : { ...parsed, id } };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return { kind: 'invalid', id, command: type as CommandType, message: error.message, ...(error.problems ? { problems: error.problems } : {}) };
    }
  } catch (error) {
    // Only a message built to break the reader gets here (e.g. a getter that throws).
    return { kind: 'invalid', message: `the message could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A message from the frame to its parent. */
export function outgoing(type: string, fields: Record_ = {}): Record_ {
  return { source: SOURCE, type, ...fields };
}

/**
 * What of an event any page framing the embed may hear ('*' to a parent not yet known to be
 * allowed): that the frame is ready and its API version. Nothing of the state, its size or its
 * training; null for every other event.
 */
export function forAnyParent(message: Record_): Record_ | null {
  return message.type === 'ready' ? outgoing('ready', { version: message.version }) : null;
}
