// <backprop-playground>: the element's life cycle and its small JS API. Everything heavy lives
// in controller.ts, loaded by a dynamic import on the first connection; until it is there, API
// calls wait for it. Attributes are read by the controller when it starts, so attributes set
// before the module arrives are honoured too.
import type { Playground } from '../playground';
import type { State } from '../state';
import type { ElementController } from './controller';

export const TAG = 'backprop-playground';

/** The attributes the element reacts to after creation (see docs/embedding.md). */
export const ATTRIBUTES = ['config', 'panels', 'locked', 'hide', 'autoplay', 'label', 'home'] as const;

/** What the element adds to HTMLElement, for hosts written in TypeScript. */
export interface BackpropPlaygroundApi {
  readonly playground: Playground | null;
  getState(): State | null;
  play(): void;
  pause(): void;
  step(n?: number): Promise<void>;
  reset(): Promise<void>;
  resetSetup(): Promise<void>;
}

/**
 * The element class. `home` is the full playground's address, for the "open in the full
 * playground" link (a closure rather than a static field: nothing on the page can change it).
 */
export function playgroundElementClass(home: string) {
  return class BackpropPlaygroundElement extends HTMLElement implements BackpropPlaygroundApi {
    static observedAttributes = [...ATTRIBUTES];

    /**
     * Test hook, read-only: how many sessions the shared engine worker holds for the elements
     * on this page (a removed element must leave none behind).
     */
    static async sessionsInEngine(): Promise<number> {
      return (await import('./engine')).sessionsInEngine();
    }

    #controller: ElementController | null = null;
    #loading: Promise<ElementController | null> | null = null;

    connectedCallback(): void {
      if (this.#controller || this.#loading) return; // moved within the page: keep the playground
      this.#loading = import('./controller').then(({ ElementController }) => {
        this.#loading = null;
        if (!this.isConnected) return null;
        this.#controller = new ElementController(this, home);
        return this.#controller;
      });
    }

    disconnectedCallback(): void {
      // A move (removed and inserted again in the same task) keeps the playground and its
      // training; a removal frees its engine session.
      queueMicrotask(() => {
        if (this.isConnected || !this.#controller) return;
        this.#controller.destroy();
        this.#controller = null;
      });
    }

    attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
      if (previous !== value) this.#controller?.attributeChanged(name as (typeof ATTRIBUTES)[number]);
    }

    /** The playground inside (null until the element has loaded; see the 'ready' event). */
    get playground(): Playground | null {
      return this.#controller?.playground ?? null;
    }

    getState(): State | null {
      return this.#controller?.playground.getState() ?? null;
    }

    /** Trains while the element is on screen; if it is not, training starts when it comes into view. */
    play(): void {
      void this.#whenLoaded().then((c) => c?.play());
    }

    pause(): void {
      void this.#whenLoaded().then((c) => c?.pause());
    }

    /** n minibatch steps (default: one epoch). */
    async step(n?: number): Promise<void> {
      await (await this.#whenLoaded())?.playground.step(n);
    }

    /** New starting weights from the seed, epoch 0. */
    async reset(): Promise<void> {
      await (await this.#whenLoaded())?.playground.reset();
    }

    /** Back to the setup the attributes give: settings, points, weights given; epoch 0. */
    async resetSetup(): Promise<void> {
      await (await this.#whenLoaded())?.resetSetup();
    }

    async #whenLoaded(): Promise<ElementController | null> {
      return this.#controller ?? (await this.#loading) ?? null;
    }
  };
}
