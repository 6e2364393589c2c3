// "Which dataset do you want to use?": thumbnails as a radio group (role=radiogroup), with the
// usual keys: Tab enters at the chosen one, the arrows move and choose, Home/End jump.
import { classColours } from '../../class-colours';
import { PALETTES } from '../../heatmap';
import { sourceOf } from '../../data/sources';
import { classIndex, datasetChoice, PROBLEMS } from '../../problems';
import type { State } from '../../state';
import { releaseCanvas, type Shown } from '../../view';
import { element, uniqueId } from './dom';
import { LOCKED_TITLE, lockMark } from './lock';
import { classPoints, drawDigitIcon, drawTableIcon, drawThumbnail, thumbnailPoints, type Shape } from './thumbnails';

type Choice = State['dataset'] | State['regDataset'];

/** Short visible names, and longer accessible ones that begin with them (label in name). */
const NAMES: Record<Choice, [short: string, long: string]> = {
  circle: ['Circle', 'Circle'], xor: ['XOR', 'XOR (exclusive or)'], gauss: ['Gaussian', 'Gaussian (two clusters)'],
  spiral: ['Spiral', 'Spiral'], moons: ['Moons', 'Moons (two half circles)'], checkerboard: ['Checkers', 'Checkers (checkerboard)'],
  custom: ['Your own', 'Your own points'], 'reg-plane': ['Plane', 'Plane (a tilted plane)'],
  'reg-gauss': ['Bumps', 'Bumps (several Gaussian bumps)'],
  blobs: ['Blobs', 'Blobs (one cluster per class)'],
  digits: ['Digits', 'Digits (1,797 handwritten digits, 8 by 8 pixels)'],
  penguins: ['Penguins', 'Penguins (344 birds, 4 measurements, 3 species)'],
  table: ['Your table', 'Your table (the one you opened)'],
};
/** Every choice, in the picker's order; each problem shows those it offers (web/src/problems.ts). */
const ALL: Choice[] = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'checkerboard', 'blobs', 'digits', 'penguins', 'table', 'custom', 'reg-plane', 'reg-gauss'];
const SIZE = 48;

export interface DatasetPicker {
  element: HTMLElement;
  render(state: Readonly<Shown>): void;
  /** Frees the thumbnails' pixels. */
  destroy(): void;
}

export function createDatasetPicker(onPick: (choice: Choice, problem: State['problem']) => void): DatasetPicker {
  const wrapper = element('div', 'dataset-picker');
  const heading = element('p', 'panel-label', 'Which dataset do you want to use?');
  heading.id = uniqueId('dataset-label');
  const group = element('div', 'dataset-options');
  group.setAttribute('role', 'radiogroup');
  group.setAttribute('aria-labelledby', heading.id);
  wrapper.append(heading, group);
  const mark = lockMark();
  mark.setAttribute('hidden', '');
  heading.append(mark);

  const shapes = thumbnailPoints();
  const options = new Map<Choice, { node: HTMLElement; canvas: HTMLCanvasElement }>();
  for (const choice of ALL) {
    const node = element('div', 'dataset-option');
    node.setAttribute('role', 'radio');
    node.setAttribute('aria-checked', 'false');
    node.tabIndex = -1;
    node.title = NAMES[choice][1];
    node.setAttribute('aria-label', NAMES[choice][1]);
    node.dataset.dataset = choice;
    const canvas = element('canvas');
    const name = element('span', 'dataset-name', NAMES[choice][0]);
    canvas.setAttribute('aria-hidden', 'true');
    name.setAttribute('aria-hidden', 'true'); // the radio's aria-label says it, and more
    node.append(canvas, name);
    options.set(choice, { node, canvas });
    group.append(node);
  }

  // What is on screen, so render() returns at once when none of it changed.
  let visible: Choice[] = [];
  let chosen: Choice | null = null;
  let problem: State['problem'] = 'classification';
  let looks = '';
  let customPoints: readonly number[] = [];
  // Locked (dataset_lock or regDataset_lock, whichever list shows): the choice is shown, not changed.
  let isLocked = false;

  // Always dispatch, even a choice equal to what was last drawn: a second key press before the
  // next frame must not be judged against a picture that is already out of date.
  const pick = (choice: Choice) => {
    if (!isLocked) onPick(choice, problem);
  };
  group.addEventListener('click', (event) => {
    const node = (event.target as Element).closest<HTMLElement>('[role="radio"]');
    if (node?.dataset.dataset) pick(node.dataset.dataset as Choice);
  });
  group.addEventListener('keydown', (event) => {
    const at = visible.indexOf((event.target as HTMLElement).dataset.dataset as Choice);
    if (at < 0) return;
    const moves: Record<string, number> = {
      ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: visible.length - 1,
    };
    let next: number;
    if (event.key === ' ' || event.key === 'Enter') next = at;
    else if (event.key in moves) next = (moves[event.key] + visible.length) % visible.length;
    else return;
    event.preventDefault();
    if (isLocked) return;
    const choice = visible[next];
    options.get(choice)?.node.focus();
    pick(choice);
  });

  return {
    element: wrapper,
    destroy: () => releaseCanvas(...[...options.values()].map((option) => option.canvas)),
    render(state) {
      problem = state.problem;
      const spec = PROBLEMS[state.problem];
      const nowLocked = state.locked.includes(spec.datasetKey);
      if (nowLocked !== isLocked) {
        isLocked = nowLocked;
        wrapper.classList.toggle('is-locked', isLocked);
        wrapper.title = isLocked ? LOCKED_TITLE : '';
        mark.toggleAttribute('hidden', !isLocked);
        if (isLocked) group.setAttribute('aria-disabled', 'true');
        else group.removeAttribute('aria-disabled');
        for (const [choice, { node }] of options) {
          node.title = isLocked ? LOCKED_TITLE : NAMES[choice][1];
          if (isLocked) node.setAttribute('aria-disabled', 'true');
          else node.removeAttribute('aria-disabled');
        }
      }
      // Your own points show once chosen (the data editor makes them); a real data set shows under
      // every problem (choosing it chooses its problem: pickDataset).
      const list = ALL.filter((c) => (spec.datasets.includes(c) || sourceOf(c).problem !== null) && (c !== 'custom' || state.dataset === 'custom') && (c !== 'table' || state.table !== ''));
      if (list.join() !== visible.join()) {
        visible = list;
        for (const [choice, { node }] of options) node.hidden = !list.includes(choice);
      }
      const current = datasetChoice(state) as Choice;
      if (current !== chosen) {
        const hadFocus = chosen !== null && document.activeElement === options.get(chosen)?.node;
        chosen = current;
        for (const [choice, { node }] of options) {
          node.setAttribute('aria-checked', String(choice === current));
          node.tabIndex = choice === current ? 0 : -1;
        }
        if (hadFocus) options.get(current)?.node.focus();
      }
      const many = state.problem === 'multiclass' ? state.classes : 0;
      const look = `${state.palette}/${state.theme}/${many}`;
      if (look !== looks || state.points !== customPoints) {
        const palette = PALETTES[state.palette][state.theme];
        if (look !== looks) {
          const colours = many > 0 ? classColours(palette, state.palette, state.theme, many) : undefined;
          for (const [choice, { canvas }] of options) {
            // Many classes: the spiral's K arms and the K blobs, in the classes' colours.
            // (Blobs are offered only for many classes: no other icon.)
            if (choice === 'digits') drawDigitIcon(canvas, palette, state.theme, SIZE);
            else if (choice === 'penguins' || choice === 'table') drawTableIcon(canvas, palette, classColours(palette, state.palette, state.theme, 3), state.theme, SIZE);
            else if (colours && (choice === 'spiral' || choice === 'blobs')) drawThumbnail(canvas, classPoints(choice, many), palette, SIZE, colours);
            else {
              const points = shapes.get(choice as Shape);
              if (points) drawThumbnail(canvas, points, palette, SIZE);
            }
          }
        }
        // Your own points: ±1 on the blue-orange scale, or K classes in their colours (a -1 is class 0).
        const own = many > 2 ? state.points.map((v, i) => (i % 3 === 2 ? classIndex(v, many) : v)) : state.points;
        drawThumbnail(options.get('custom')!.canvas, own, palette, SIZE, many > 2 ? classColours(palette, state.palette, state.theme, many) : undefined);
        looks = look;
        customPoints = state.points;
      }
    },
  };
}
