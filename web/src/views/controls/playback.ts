// Reset, Play/Pause and Step, and the epoch counter: TensorFlow Playground's left end of the bar.
// The buttons only call the page's actions; whether it is playing is read from the frame.
import type { Frame } from '../../trainer';
import { ownsKeyEvent, type Context } from '../../view';
import { button, element, icon, setIcon } from './dom';
import { lockLook } from './lock';
import { TextPace } from '../text-pace';

export interface Playback {
  element: HTMLElement;
  /** Each hideable part by its `<name>_hide` name. */
  parts: [string, HTMLElement][];
  /** `locked`: the state's locked controls (playButton, stepButton, resetButton may be among them). */
  render(frame: Frame | null, locked?: readonly string[]): void;
}

/** TensorFlow Playground's counter: six digits with thousands commas, "000,123". */
export function formatEpoch(epoch: number): string {
  const whole = Math.max(0, Math.floor(Number.isFinite(epoch) ? epoch : 0));
  return String(whole).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Space belongs to whatever has focus if that thing uses it (typing, pressing a button, a radio). */
function spaceIsTaken(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, button, a[href], summary, [role="radio"], [role="button"], [role="switch"], [role="slider"], [role="checkbox"], [role="option"], [role="textbox"]') !== null;
}

export function createPlayback(context: Context): Playback {
  const { actions } = context;
  const group = element('div', 'playback');
  const reset = button('icon-button', 'Reset the network', 'Reset the network: new initial weights, epoch 0', 'reset');
  const play = button('play-button', 'Play', 'Play / pause training (keyboard: Space)');
  const playIcon = icon('play');
  play.append(playIcon);
  const step = button('icon-button', 'Train one epoch', 'Train one epoch', 'step');

  const counter = element('div', 'epoch');
  const counterLabel = element('span', 'epoch-label', 'Epoch');
  const counterValue = element('span', 'epoch-value', formatEpoch(0));
  counter.append(counterLabel, counterValue);

  // Shown while the trainer computes the heatmaps coarser because the machine is too busy for
  // full detail (detail.ts); a status, so a screen reader hears it come and go.
  const detail = element('span', 'detail-badge', 'Reduced detail');
  detail.setAttribute('role', 'status');
  detail.title = 'This computer is busy: the heatmaps are computed coarser so that training and input stay smooth. Full detail comes back when it has time.';
  detail.hidden = true;

  group.append(reset, play, step, counter, detail);
  // A locked button (<name>_lock=true) is disabled with a lock badge; the page's script may still play.
  const locks = ([['resetButton', reset], ['playButton', play], ['stepButton', step]] as const).map(([name, node]) => {
    const look = lockLook(node, [node], node);
    node.querySelector('.lock-mark')?.classList.add('lock-badge');
    return [name, look] as const;
  });

  // The name says what a press will do ("Play" / "Pause"); WAI-ARIA advises against also
  // setting aria-pressed on a button whose label changes, as the two would contradict.
  let playing = false;
  const toggle = () => actions.togglePlay(); // the trainer knows; the last drawn frame may be stale
  reset.addEventListener('click', () => actions.reset());
  play.addEventListener('click', toggle);
  step.addEventListener('click', () => actions.step());

  const onKey = (event: KeyboardEvent) => {
    if (event.key !== ' ' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    if (play.hidden || play.disabled || spaceIsTaken(event.target) || !ownsKeyEvent(context)) return;
    event.preventDefault(); // the page would scroll
    toggle();
  };
  document.addEventListener('keydown', onKey, { signal: context.signal });

  let lastEpoch = '';
  const pace = new TextPace(); // the epoch while playing: at most every 100 ms
  return {
    element: group,
    parts: [['resetButton', reset], ['playButton', play], ['stepButton', step]],
    render(frame, locked = []) {
      for (const [name, look] of locks) look.set(locked.includes(name));
      const nowPlaying = frame?.playing ?? false;
      if (nowPlaying !== playing) {
        playing = nowPlaying;
        play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
        play.classList.toggle('is-playing', playing);
        setIcon(playIcon, playing ? 'pause' : 'play');
      }
      const reduced = frame?.reduced ?? false;
      if (detail.hidden === reduced) detail.hidden = !reduced;
      const epoch = formatEpoch(frame?.snapshot.metrics.epoch ?? 0);
      if (epoch !== lastEpoch && pace.due(nowPlaying)) {
        lastEpoch = epoch;
        counterValue.textContent = epoch;
      }
    },
  };
}
