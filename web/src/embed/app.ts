// The embed page: a compact playground filling its frame, set up by the embed URL (options in
// the query, configuration in the hash), obeying its parent's messages and telling it what
// happens. Nothing here needs storage or a same-origin parent, so it runs in a sandboxed frame.
import './embed.css';
import type { Bridge } from '../engine/bridge';
import { highlightChannel, highlightProblem } from '../highlight';
import { layerWidths } from '../model';
import { createNotice } from '../notice';
import { createPlayground, type Playground, type PlaygroundEvent } from '../playground';
import { toHash, type State } from '../state';
import { API_VERSION, forAnyParent, outgoing, parseMessage, type Command, type Id } from './messages';
import { parseEmbedOptions, type EmbedOptions } from './options';
import { createResetSetupButton } from './reset-setup';
import { createAuthorSetup } from './setup';
import { throttle } from './throttle';

const PROGRESS_INTERVAL = 250; // ms: at most 4 progress events a second
const READY_FALLBACK = 1000; // ms: a frame the browser does not paint (hidden) still says ready

type Fields = Record<string, unknown>;

/** What the tests read (window.embed): messages ignored for their origin or sender. */
export interface EmbedHook {
  readonly ignored: number;
  readonly options: EmbedOptions;
  playground: Playground;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** The full page with this configuration; locks and hidden controls are for the embed only. */
function fullPageLink(state: Readonly<State>): string {
  return `./index.html${toHash({ ...state, locked: [], hidden: [] } as State)}`;
}

export function startEmbed(bridge?: Bridge): void {
  const options = parseEmbedOptions(location.search);
  const root = document.getElementById('embed');
  if (!root) throw new Error('embed.html has no #embed');
  root.classList.toggle('embed-no-chart', !options.chart);
  root.classList.toggle('embed-chart-only', options.chartOnly);
  root.dataset.embedPanels = options.panels.join(' ');

  const noticeElement = document.createElement('div');
  noticeElement.className = 'notice embed-notice';
  noticeElement.setAttribute('role', 'status');
  noticeElement.hidden = true;
  root.append(noticeElement);
  createNotice(noticeElement).show('Some embed options could not be used:', options.problems);

  const framed = window.parent !== window;
  // Events go to the allowed origins only. A sandboxed parent (origins=null) can only be reached
  // by '*', which any page framing the embed hears too: until the parent has shown it is a
  // sandboxed page (a command from origin "null", which only such a page can send), '*' is told
  // only what every framing page may know (forAnyParent: that the frame is ready, no state).
  const named = options.origins?.filter((o) => o !== 'null') ?? [];
  const nullAllowed = options.origins?.includes('null') ?? false;
  let sandboxedParent = false;
  const post = (message: Fields) => {
    if (!framed) return;
    if (!options.origins) {
      window.parent.postMessage(message, '*'); // no allow-list: any parent may hear everything
      return;
    }
    for (const origin of named) window.parent.postMessage(message, origin);
    const shared = !nullAllowed ? null : sandboxedParent ? message : forAnyParent(message);
    if (shared) window.parent.postMessage(shared, '*');
  };

  let ready = false;
  const progress = throttle<Fields>(PROGRESS_INTERVAL, (fields) => post(outgoing('progress', fields)));
  const onEvent = (event: PlaygroundEvent) => {
    const { type, ...fields } = event;
    if (type === 'progress') {
      if (ready) progress.push(fields);
      else announceReady();
    } else {
      post(outgoing(type, fields));
    }
  };

  const playground = createPlayground(root, {
    hash: location.hash, standalone: true, panels: options.panels, bridge, onEvent,
    home: new URL('./index.html', location.href).href, // share links open the full playground
  });
  const { store } = playground;
  const applyUrlControls = () => {
    const state = store.get();
    store.dispatch({ locked: union(state.locked, options.locked), hidden: union(state.hidden, options.hidden) }, { force: true });
  };
  applyUrlControls();
  const setup = createAuthorSetup(store.get());

  const footer = document.createElement('footer');
  footer.className = 'embed-footer';
  const link = document.createElement('a');
  link.className = 'embed-open';
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Open in full playground';
  link.title = 'This configuration in the full Backprop Playground, in a new tab';
  // The reader's way back to the author's setup; the host hears it as the reader's change.
  const resetSetup = createResetSetupButton(store, setup, () => {
    void setup.restore(playground).then((keys) => {
      if (keys.length > 0) post(outgoing('change', { keys, state: playground.getState() }));
    });
  });
  footer.append(resetSetup.button, link);
  root.append(footer);
  link.href = fullPageLink(store.get());
  store.subscribe((state) => {
    link.href = fullPageLink(state);
  });

  // Ready once the first frame is on screen: the render runs in the animation frame the first
  // engine frame scheduled, so a callback queued after it sees the page drawn.
  let readyScheduled = false;
  function announceReady(): void {
    if (readyScheduled) return;
    readyScheduled = true;
    const send = () => {
      if (ready) return;
      ready = true;
      post(outgoing('ready', { version: API_VERSION, state: playground.getState() }));
      if (options.autoplay) playground.play();
    };
    queueMicrotask(() => requestAnimationFrame(send));
    setTimeout(send, READY_FALLBACK);
  }

  // The content's height, for frames that size themselves to it.
  let height = -1;
  new ResizeObserver(() => {
    const next = Math.ceil(root.getBoundingClientRect().height);
    if (next === height) return;
    height = next;
    post(outgoing('resize', { height }));
  }).observe(root);

  // A highlighted neuron below the fold of a short frame is scrolled to, within the frame only
  // (scrollIntoView could scroll the tutorial around it too). After the next render: a new
  // network is drawn then.
  const revealHighlight = () =>
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const mark = root.querySelector('.nn-highlight');
      if (!mark) return;
      const box = mark.getBoundingClientRect();
      if (box.top >= 0 && box.bottom <= innerHeight) return;
      const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
      window.scrollBy({ top: box.top - (innerHeight - box.height) / 2, behavior: smooth ? 'smooth' : 'auto' });
    }));

  let ignored = 0;
  const reply = (source: MessageEventSource, origin: string, message: Fields) =>
    (source as Window).postMessage(message, origin === 'null' ? '*' : origin);

  async function run(command: Command): Promise<Fields> {
    switch (command.type) {
      case 'load': {
        // The host's own command: what it could not use goes to the host, in the reply.
        if ('hash' in command) {
          const problems = playground.load(command.hash, { quiet: true });
          applyUrlControls();
          setup.replace(store.get());
          return { problems };
        }
        store.dispatch(command.state, { force: true });
        setup.merge(command.state);
        return { problems: command.problems };
      }
      case 'resetSetup':
        await setup.restore(playground);
        return {};
      case 'play':
        playground.play();
        return {};
      case 'pause':
        playground.pause();
        return {};
      case 'step':
        await playground.step(command.n ?? undefined);
        return {};
      case 'reset':
        await playground.reset();
        return {};
      case 'set': {
        const problems = store.dispatch({ [command.key]: command.value } as Partial<State>, { host: true });
        if (problems.length > 0) throw Object.assign(new Error(problems.join('; ')), { problems });
        return {};
      }
      case 'getState':
        return { state: playground.getState() };
      case 'highlight': {
        if (command.target && !options.panels.includes('network')) throw new Error('this embed does not show the network (panels=...,network)');
        const problem = command.target && highlightProblem(command.target, layerWidths(store.get()));
        if (problem) throw new Error(problem);
        highlightChannel(store).set(command.target);
        if (command.target) revealHighlight();
        return {};
      }
    }
  }

  window.addEventListener('message', (event) => {
    // Only the parent may command the frame, and only from an allowed origin; anything else is
    // not answered at all (an answer would tell a stranger the frame is here).
    if (!framed || event.source !== window.parent || (options.origins && !options.origins.includes(event.origin))) {
      ignored++;
      return;
    }
    const parsed = parseMessage(event.data);
    if (parsed.kind === 'ignore') return;
    if (event.origin === 'null' && !sandboxedParent) {
      sandboxedParent = true;
      if (height >= 0) post(outgoing('resize', { height })); // the sizes it could not be told
    }
    const source = event.source;
    if (parsed.kind === 'invalid') {
      const { kind: _, ...fields } = parsed;
      reply(source, event.origin, outgoing('error', fields));
      return;
    }
    const { command } = parsed;
    const answer = (id: Id | undefined, fields: Fields) => {
      if (id !== undefined) reply(source, event.origin, outgoing(command.type === 'getState' ? 'state' : 'ok', { id, command: command.type, ...fields }));
    };
    run(command).then(
      (fields) => answer(command.id, fields),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const problems = (error as { problems?: string[] }).problems;
        reply(source, event.origin, outgoing('error', { ...(command.id !== undefined ? { id: command.id } : {}), command: command.type, message, ...(problems ? { problems } : {}) }));
      },
    );
  });

  const hook: EmbedHook = {
    get ignored() {
      return ignored;
    },
    options,
    playground,
  };
  Object.assign(window, { playground, embed: hook });
}
