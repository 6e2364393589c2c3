// The element's own small bar. Without the controls panel the reader still needs Play, Step
// and Reset, so they are here (each hideable as in the full page: playButton_hide, ...). The
// "open in the full playground" link is always there, carrying the configuration without the
// locks, so a curious reader can take the setup further; beside it, once the reader changed
// something, "Reset to this setup" goes back to the author's.
import { createResetSetupButton } from '../embed/reset-setup';
import type { AuthorSetup } from '../embed/setup';
import type { Playground } from '../playground';
import { toHash } from '../state';
import { button, element, hider, icon, setIcon } from '../views/controls/dom';
import { formatEpoch } from '../views/controls/playback';

const PLAYBACK = ['resetButton', 'playButton', 'stepButton'];

export interface ToolbarOptions {
  playground: Playground;
  /** Show Play/Pause, Step and Reset (when the controls panel is not shown). */
  playback: boolean;
  /** The full playground's address (index.html). */
  home: string;
  /** Play or pause through the element, which remembers the reader's choice off screen. */
  toggle(): void;
  /** The author's setup, and what its button does (the element also tells the host). */
  setup: AuthorSetup;
  resetSetup(): void;
}

export interface Toolbar {
  /** Redraws the play state and the epoch; cheap when neither changed. */
  render(): void;
  /** Stops following the author's setup (the playground is being replaced). */
  destroy(): void;
}

export function createToolbar(root: HTMLElement, options: ToolbarOptions): Toolbar {
  const { playground } = options;
  const bar = element('div', options.playback ? 'bp-toolbar' : 'bp-toolbar is-link-only');

  const link = element('a', 'bp-open', 'Open in the full playground');
  link.target = '_blank';
  link.rel = 'noopener';
  const updateLink = () => {
    const state = playground.getState();
    link.href = `${options.home}${toHash({ ...state, locked: [], hidden: [] })}`;
  };
  updateLink();
  playground.store.subscribe(updateLink);

  let render = () => {};
  if (options.playback) {
    const reset = button('icon-button', 'Reset the network', 'Reset the network: new initial weights, epoch 0', 'reset');
    const play = button('play-button bp-play', 'Play', 'Play / pause training');
    const playIcon = icon('play');
    play.append(playIcon);
    const step = button('icon-button', 'Train one epoch', 'Train one epoch', 'step');
    const counter = element('div', 'epoch');
    const epochValue = element('span', 'epoch-value', formatEpoch(0));
    counter.append(element('span', 'epoch-label', 'Epoch'), epochValue);
    const group = element('div', 'playback');
    group.append(reset, play, step, counter);
    bar.append(group);

    reset.addEventListener('click', () => void playground.reset());
    play.addEventListener('click', options.toggle);
    step.addEventListener('click', () => void playground.step());

    const applyHidden = hider([['resetButton', reset], ['playButton', play], ['stepButton', step]]);
    let playing = false;
    let epoch = '';
    render = () => {
      const { hidden } = playground.store.get();
      applyHidden(hidden);
      // With all three buttons hidden (a step-through walk, say) the epoch counter goes too.
      const none = PLAYBACK.every((name) => hidden.includes(name));
      if (group.hidden !== none) {
        group.hidden = none;
        bar.classList.toggle('is-link-only', none);
      }
      if (playground.playing !== playing) {
        playing = playground.playing;
        play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
        setIcon(playIcon, playing ? 'pause' : 'play');
      }
      const text = formatEpoch(playground.snapshot?.metrics.epoch ?? 0);
      if (text !== epoch) epochValue.textContent = epoch = text;
    };
    playground.store.subscribe(() => render());
  }
  const resetSetup = createResetSetupButton(playground.store, options.setup, options.resetSetup);
  const end = element('div', 'bp-toolbar-end');
  end.append(resetSetup.button, link);
  bar.append(end);

  // Playback goes first (after the notice); the lone link sits at the bottom.
  const notice = root.querySelector('[data-panel="notice"]');
  if (!options.playback) root.append(bar);
  else if (notice) notice.after(bar);
  else root.prepend(bar);
  render();
  return { render: () => render(), destroy: resetSetup.stop };
}
