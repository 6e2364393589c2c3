// One <backprop-playground>'s playground: built from the element's attributes, its events sent
// on as DOM events, paused while off screen, and reloaded or rebuilt when an attribute changes.
//
// Locked and hidden controls are written into the configuration hash (`<name>_lock=true`,
// `<name>_hide=true`) rather than set beside it: then one parser, parseHash, checks the config
// and both lists and names anything it cannot use, exactly as for a link to the full page, and
// createPlayground / load() apply all of it at once (load forces locked keys: the author is the
// host). A later change of only `locked` or `hide` sets just those two lists (with force), so
// the reader's training and settings are kept.
//
// Problems with the attributes go to the host page: an 'error' event and a console warning.
// Those of the first attributes are also shown in the playground's notice: they are the page's
// markup, and an author previewing the page (with no console open) must see the typo, as the
// iframe shows its URL's. A later change comes from the host's script, like the iframe's `load`:
// its problems are the script's to handle, and the reader could do nothing about a notice.
import { createAuthorSetup, type AuthorSetup } from '../embed/setup';
import { createPlayground, type Playground, type PlaygroundEvent } from '../playground';
import { parseHash, toHash, type State } from '../state';
import { composeHash, names, panelsOf } from './attributes';
import { homeOf } from './home';
import { elementBridge } from './engine';
import type { ATTRIBUTES } from './playground-element';
import { throttle, type Throttle } from './throttle';
import { createCaption, type Caption } from './caption';
import { createToolbar, type Toolbar } from './toolbar';
import { watchVisibility } from './visibility';
import './element.css';

type Attribute = (typeof ATTRIBUTES)[number];

/** At most four 'progress' events a second: enough for a host's read-out, cheap for any page. */
const PROGRESS_INTERVAL = 250;
/** ms: a page the browser does not paint (a background tab) still hears 'ready'. */
const READY_FALLBACK = 1000;

export interface ProgressDetail {
  step: number;
  epoch: number;
  trainLoss: number;
  testLoss: number;
}

export class ElementController {
  readonly #host: HTMLElement;
  /** The full playground beside the script: where "Open in the full playground" leads without a `home` attribute. */
  readonly #home: string;
  readonly #progress: Throttle<ProgressDetail>;
  readonly #stopWatching: () => void;
  #playground!: Playground;
  #toolbar!: Toolbar;
  #caption!: Caption;
  /** The attributes' configuration (kept across rebuilds), for "Reset to this setup". */
  #setup: AuthorSetup | null = null;
  /** Bumped on every build and on destroy: events of an older playground are dropped. */
  #generation = 0;
  #visible = false;
  /** While off screen: play again on return (it was playing when it left, or a host asked to). */
  #resume = false;
  /** The 'ready' fallback, cleared on destroy: its closure holds the whole playground. */
  #readyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement, home: string) {
    this.#host = host;
    this.#home = home;
    this.#progress = throttle(PROGRESS_INTERVAL, (detail) => this.#dispatch('progress', detail));
    this.#build(this.#hash());
    this.#stopWatching = watchVisibility(host, (visible) => this.#setVisible(visible));
    if (host.hasAttribute('autoplay')) this.play();
  }

  get playground(): Playground {
    return this.#playground;
  }

  play(): void {
    if (this.#visible) this.#playground.play();
    else this.#resume = true;
  }

  pause(): void {
    this.#resume = false;
    this.#playground.pause();
  }

  /** Back to the attributes' setup (the reader's button, or the host's resetSetup()); resolves with the keys changed. */
  resetSetup(): Promise<(keyof State)[]> {
    return this.#setup!.restore(this.#playground);
  }

  attributeChanged(name: Attribute): void {
    switch (name) {
      case 'config':
        this.#report(this.#playground.load(this.#hash(), { quiet: true }));
        this.#setup!.replace(this.#playground.store.get());
        break;
      case 'locked':
      case 'hide': {
        const { state, problems } = parseHash(this.#hash());
        this.#playground.store.dispatch({ locked: state.locked, hidden: state.hidden }, { force: true });
        this.#setup!.merge({ locked: state.locked, hidden: state.hidden });
        // Only the problems the lists brought: the config's own were reported when it was set.
        const before = new Set(parseHash(composeHash(this.#host.getAttribute('config'), [], [])).problems);
        this.#report(problems.filter((problem) => !before.has(problem)));
        break;
      }
      case 'panels':
      case 'home': // the playground's share links and the toolbar's link are made with it
        this.#rebuild();
        break;
      case 'autoplay':
        if (this.#host.hasAttribute('autoplay')) this.play();
        else this.pause();
        break;
      case 'label':
        this.#caption.set(this.#host.getAttribute('label'));
        break;
    }
  }

  /** Stops training and frees the engine session; the element is empty afterwards. */
  destroy(): void {
    this.#generation++;
    clearTimeout(this.#readyTimer);
    this.#stopWatching();
    this.#progress.cancel();
    this.#toolbar.destroy();
    this.#playground.destroy();
    this.#host.replaceChildren();
  }

  #hash(): string {
    const host = this.#host;
    return composeHash(host.getAttribute('config'), names(host.getAttribute('locked')), names(host.getAttribute('hide')));
  }

  #build(hash: string): void {
    const generation = ++this.#generation;
    const { panels, chart, chartOnly, problems } = panelsOf(this.#host.getAttribute('panels'));
    const home = homeOf(this.#host.getAttribute('home'), this.#home, document.baseURI);
    const root = document.createElement('div');
    root.className = 'bp-element';
    root.classList.toggle('bp-no-chart', !chart);
    root.classList.toggle('bp-chart-only', chartOnly);
    // The playground's own controls' native change events stop here: outside, 'change' is the
    // element's (the reader changed settings), and a host listening for it hears only that.
    root.addEventListener('change', (event) => event.stopPropagation());
    this.#host.replaceChildren(root);

    // 'ready' once the first frame is on screen: the playground draws in the animation frame
    // its first engine frame asked for, so a callback queued after that one sees it drawn.
    let ready = false;
    const announceReady = () => {
      if (ready || generation !== this.#generation) return;
      ready = true;
      this.#dispatch('ready', { state: playground.getState() });
    };
    let readyScheduled = false;
    const playground = createPlayground(root, {
      hash,
      panels,
      home: home.url,
      bridge: elementBridge(),
      onEvent: (event) => {
        if (generation !== this.#generation) return; // a late reply for a playground already gone
        if (!readyScheduled && event.type === 'progress') {
          readyScheduled = true;
          queueMicrotask(() => requestAnimationFrame(announceReady));
          this.#readyTimer = setTimeout(announceReady, READY_FALLBACK);
        }
        this.#onEvent(event);
      },
    });
    this.#playground = playground;
    const setup = (this.#setup ??= createAuthorSetup(playground.store.get()));
    this.#toolbar = createToolbar(root, {
      playground,
      playback: !panels.includes('controls'),
      home: home.url,
      toggle: () => (playground.playing ? this.pause() : this.play()),
      setup,
      resetSetup: () => {
        void this.resetSetup().then((keys) => {
          if (keys.length > 0) this.#dispatch('change', { keys, state: playground.getState() });
        });
      },
    });
    // After the toolbar: the caption goes first.
    this.#caption = createCaption(root, this.#host.getAttribute('label'));
    this.#report([...parseHash(hash).problems, ...problems, ...(home.problem ? [home.problem] : [])]);
  }

  /** New panels: a new playground with the same configuration (training starts again). */
  #rebuild(): void {
    const playing = this.#visible ? this.#playground.playing : this.#resume;
    const hash = toHash(this.#playground.getState());
    clearTimeout(this.#readyTimer);
    this.#progress.cancel();
    this.#toolbar.destroy();
    this.#playground.destroy();
    this.#build(hash);
    this.#resume = false;
    if (playing) this.play();
  }

  #setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    if (!visible) {
      this.#resume = this.#playground.playing;
      this.#playground.pause();
    } else if (this.#resume) {
      this.#resume = false;
      this.#playground.play();
    }
  }

  #onEvent(event: PlaygroundEvent): void {
    switch (event.type) {
      case 'progress': {
        const { step, epoch, trainLoss, testLoss } = event;
        this.#toolbar.render();
        this.#progress.push({ step, epoch, trainLoss, testLoss });
        break;
      }
      case 'diverged':
        this.#dispatch('diverged', { step: event.step });
        break;
      case 'error':
        this.#dispatch('error', { message: event.message });
        break;
      case 'change':
        this.#dispatch('change', { keys: event.keys, state: event.state });
        break;
    }
  }

  #report(problems: readonly string[]): void {
    if (problems.length === 0) return;
    const message = `Some settings could not be used: ${problems.join('; ')}`;
    console.warn(`<backprop-playground>: ${message}`);
    this.#dispatch('error', { message, problems: [...problems] });
  }

  // Not bubbling: an 'error' that reached window would look like a script error to page
  // monitors. Listen on the element.
  #dispatch(type: string, detail: object): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
