// The package's hand-written declarations (web/types/) against the source's own types: each
// pair must be the same type (or, for the playground a host sees, a part of it), so the
// declarations cannot drift from the code. Compiled by package.test.mjs with tsconfig.json here.
import type { State } from '../../web/src/state';
import type { PanelName as SourcePanelName, Playground as SourcePlayground, PlaygroundEvent } from '../../web/src/playground';
import type { ATTRIBUTES, BackpropPlaygroundApi as SourceApi } from '../../web/src/element/playground-element';
import type { ProgressDetail as SourceProgress } from '../../web/src/element/controller';
import type { CommandType } from '../../web/src/embed/messages';
import type { EMBED_PANELS } from '../../web/src/embed/options';
import type { Metrics } from '../../wasm/index.d.mts';
import type { BackpropPlaygroundApi, PanelName, Playground, PlaygroundAttribute, PlaygroundEventDetails, PlaygroundMetrics, PlaygroundState,
  ProgressDetail } from '../../web/types/backprop-playground.js';
import type { EmbedCommandType } from '../../web/types/embed-messages.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Part<Whole, Of> = [Whole] extends [Of] ? true : false;
type Event<T> = Omit<Extract<PlaygroundEvent, { type: T }>, 'type'>;

export const checks: true[] = [
  true satisfies Same<State, PlaygroundState>,
  true satisfies Same<keyof State, keyof PlaygroundState>,
  true satisfies Same<(typeof ATTRIBUTES)[number], PlaygroundAttribute>,
  true satisfies Same<SourcePanelName | (typeof EMBED_PANELS)[number], PanelName>,
  true satisfies Same<Metrics, PlaygroundMetrics>,
  true satisfies Same<SourceProgress, ProgressDetail>,
  true satisfies Same<SourceProgress, PlaygroundEventDetails['progress']>,
  true satisfies Same<Event<'diverged'>, PlaygroundEventDetails['diverged']>,
  true satisfies Same<Event<'change'>, PlaygroundEventDetails['change']>,
  true satisfies Part<Event<'error'>, PlaygroundEventDetails['error']>,
  true satisfies Same<keyof SourceApi, keyof BackpropPlaygroundApi>,
  true satisfies Part<SourceApi, BackpropPlaygroundApi>,
  true satisfies Part<SourcePlayground, Playground>,
  true satisfies Same<CommandType, EmbedCommandType>,
];
