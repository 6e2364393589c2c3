// What every view and control module looks like: create(container, context) returns a View
// whose render() the page calls at most once per animation frame, when something changed.
// Views only draw; user actions go through context.store.dispatch or context.actions.
import type { NoticeOptions } from './notice';
import type { State } from './state';
import type { Store } from './store';
import type { Frame } from './trainer';

import type { ExampleTrace, UpdateTrace } from './engine/protocol';

export interface Actions {
  play(): void;
  pause(): void;
  /** Play if paused, pause if playing, by the trainer's own state (not the last frame drawn). */
  togglePlay(): void;
  step(): void;
  reset(): void;
  /** Set one parameter by its flat index into [W0 b0 W1 b1 ...]. */
  setParameter(index: number, value: number): void;
  /** Show a short message to the user (an error, a refused value); `until`: see NoticeOptions. */
  notify(message: string, until?: NoticeOptions['until']): void;
  /** One example forward and backward with every intermediate (training pauses). */
  trace(input: number[], target: number[]): Promise<ExampleTrace>;
  /** The optimizer's update from the last trace's gradients; the page redraws with the new weights. */
  applyTraceUpdate(input: number[], target: number[]): Promise<UpdateTrace>;
  /** ∂L/∂θ[index] over the examples by finite differences in double precision (slow, for the check). */
  numericalGradient(index: number, inputs: number[], targets: number[]): Promise<number>;
  /** ∂L_r/∂(x_r, y_r) of each point's own loss (targets one row per point): (points, 2). */
  pointGradients(points: Float32Array, targets: Float32Array): Promise<Float32Array>;
  /** ∂L_r/∂x_r of each row's own loss (targets one row per input row): (rows, inputs). */
  inputGradients(inputs: Float32Array, targets: Float32Array): Promise<Float32Array>;
  /** The network's outputs for rows of inputs, (rows, outputs). */
  predict(inputs: Float32Array): Promise<Float32Array>;
}

export interface Context {
  store: Store;
  actions: Actions;
  /** The playground's root element: keyboard shortcuts act when focus is inside it. */
  root: HTMLElement;
  /** The playground is the whole page: shortcuts also act when nothing is focused. */
  standalone: boolean;
  /** Aborted when the playground is destroyed: pass it to document/window listeners. */
  signal: AbortSignal;
  /** The full playground's address without a hash: share links point there. */
  home: string;
  /** The store's state as drawn (the theme resolved), for drawing outside render(). */
  shown(): Readonly<Shown>;
}

/** Should a document-level key press go to this playground? */
export function ownsKeyEvent(context: Context): boolean {
  const focus = document.activeElement;
  if (focus && focus !== document.body) return context.root.contains(focus);
  return context.standalone;
}

/** A theme as drawn. */
export type Theme = 'light' | 'dark';

/**
 * The state as the views draw it: the same object as the store's, except that a theme of
 * 'auto' is resolved to the system's light or dark (the store keeps 'auto', so links and the
 * theme control still know it was not chosen).
 */
export type Shown = State & { theme: Theme };

// A view's life: create(container, context), render() as often as things change, destroy()
// once. destroy() frees what the view made that its container's removal would not: uPlot
// charts, observers, timers, document listeners (or pass context.signal) and canvas pixels.
// A page that creates and removes playgrounds (a tutorial, a host's script) relies on it.
export interface View {
  render(state: Readonly<Shown>, frame: Frame | null): void;
  destroy(): void;
}

/** Frees canvases' pixel buffers now: a detached canvas keeps its own until it is collected. */
export function releaseCanvas(...canvases: (HTMLCanvasElement | OffscreenCanvas)[]): void {
  for (const canvas of canvases) {
    canvas.width = 0;
    canvas.height = 0;
  }
}

/**
 * A canvas (class `className`, aria-hidden, absolutely placed in its parent) over the device
 * pixels [x0, x1) × [y0, y1) at `ratio` device px per CSS px: its CSS box lies on whole device
 * pixels, so what is drawn on it is not resampled.
 */
export function deviceCanvas(className: string, x0: number, y0: number, x1: number, y1: number, ratio: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  canvas.setAttribute('aria-hidden', 'true');
  canvas.width = Math.max(1, x1 - x0);
  canvas.height = Math.max(1, y1 - y0);
  canvas.style.left = `${x0 / ratio}px`;
  canvas.style.top = `${y0 / ratio}px`;
  canvas.style.width = `${canvas.width / ratio}px`;
  canvas.style.height = `${canvas.height / ratio}px`;
  return canvas;
}

export type ViewFactory = (container: HTMLElement, context: Context) => View;
