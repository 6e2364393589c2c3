// The TypeScript declarations of embed.html's postMessage API (docs/embedding.md, "The iframe
// postMessage API"), for a page that hosts the playground in an iframe:
//
//   import { SOURCE, API_VERSION, type EmbedCommand, type EmbedMessage } from 'backprop-playground/messages';
//   frame.contentWindow.postMessage({ source: SOURCE, version: API_VERSION, type: 'step', n: 25 } satisfies EmbedCommand, '*');
//
// Hand-written; tests/package/types.ts holds them to web/src/embed/messages.ts.
import type { PlaygroundState } from './backprop-playground.js';

/** Every message, both ways, carries this. */
export declare const SOURCE: 'backprop-playground';
/**
 * The message API's version: 'ready' carries it, and a command may, to say which version its
 * host was written for (a frame refuses a version above its own; none means 1).
 */
export declare const API_VERSION: 1;

export type MessageId = string | number;

interface Envelope {
  source: 'backprop-playground';
  /** Repeated in the reply; a string of up to 100 characters or a finite number. */
  id?: MessageId;
  /** The API version the host was written for (1). */
  version?: number;
}

/** A neuron of the network panel: layer 0 the enabled inputs, then the hidden layers, the output last. */
export interface NeuronTarget { layer: number; index: number }
/** The link from neuron `from` of `layer` to neuron `to` of `layer + 1`. */
export interface LinkTarget { layer: number; from: number; to: number }

/** Commands: your page → the frame. */
export type EmbedCommand = Envelope & (
  | { type: 'load'; hash: string }
  | { type: 'load'; state: Partial<PlaygroundState> }
  | { type: 'play' | 'pause' | 'reset' | 'resetSetup' | 'getState' }
  | { type: 'step'; n?: number }
  | { type: 'set'; key: keyof PlaygroundState; value: unknown }
  | { type: 'highlight'; neuron?: NeuronTarget | null; link?: LinkTarget | null }
);

export type EmbedCommandType = EmbedCommand['type'];

/** Replies to a command: 'ok' (only to one with an id) or 'error'; getState's answer. */
export type EmbedReply =
  | { source: 'backprop-playground'; type: 'ok'; id: MessageId; command: EmbedCommandType; problems?: string[] }
  | { source: 'backprop-playground'; type: 'state'; id: MessageId; command: 'getState'; state: PlaygroundState }
  | { source: 'backprop-playground'; type: 'error'; id?: MessageId; command?: EmbedCommandType; message: string; problems?: string[] };

/** Events: the frame → your page. */
export type EmbedEvent =
  /** The first frame is drawn; commands work. `state` is missing where the parent is not yet known (origins=null). */
  | { source: 'backprop-playground'; type: 'ready'; version: number; state?: PlaygroundState }
  | { source: 'backprop-playground'; type: 'progress'; step: number; epoch: number; trainLoss: number; testLoss: number }
  | { source: 'backprop-playground'; type: 'diverged'; step: number }
  | { source: 'backprop-playground'; type: 'error'; message: string }
  | { source: 'backprop-playground'; type: 'change'; keys: (keyof PlaygroundState)[]; state: PlaygroundState }
  | { source: 'backprop-playground'; type: 'resize'; height: number };

/** Anything the frame sends. */
export type EmbedMessage = EmbedReply | EmbedEvent;
