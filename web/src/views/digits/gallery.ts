// A row of test digits as buttons: by default those the network gets most confidently wrong
// (the highest probability given to a wrong digit first), or those of a pressed confusion
// cell. Pressing one makes it the example above.
import { CLASSES, PIXELS } from '../../data/digits';
import type { Palette } from '../../heatmap';
import { predictedClasses } from '../../problems';
import type { Theme } from '../../view';
import { element } from '../controls/dom';
import { createPixelImage, inkTable, type PixelImage } from './image';

/** Digits a gallery shows at most. */
export const GALLERY = 12;

export interface Entry {
  /** Row of the test split. */
  row: number;
  truth: number;
  predicted: number;
  confidence: number;
}

/** The test rows the network gets wrong, the most confident first (at most `count`). */
export function confidentlyWrong(outputs: Float32Array, labels: ArrayLike<number>, count = GALLERY): Entry[] {
  const predicted = predictedClasses(outputs, CLASSES, 'softmax');
  const wrong: Entry[] = [];
  for (let r = 0; r < labels.length; r++) {
    const best = predicted[r];
    if (best !== labels[r]) wrong.push({ row: r, truth: labels[r], predicted: best, confidence: outputs[r * CLASSES + best] });
  }
  return wrong.sort((a, b) => b.confidence - a.confidence || a.row - b.row).slice(0, count);
}

export interface Gallery {
  element: HTMLElement;
  /** `inputs`: the split's (rows, 64) the entries' rows index ('test' or 'training': `which`). */
  draw(title: string, entries: Entry[], inputs: Float32Array, which: string, palette: Palette, theme: Theme): void;
  destroy(): void;
}

export function createGallery(onPick: (row: number) => void): Gallery {
  const root = element('div', 'digit-gallery');
  const heading = element('p', 'digit-gallery-title');
  const list = element('div', 'digit-gallery-list');
  root.append(heading, list);
  const cells: { button: HTMLButtonElement; image: PixelImage; caption: HTMLElement }[] = [];
  for (let i = 0; i < GALLERY; i++) {
    const button = element('button', 'digit-gallery-item');
    button.type = 'button';
    const image = createPixelImage('digit-small', null);
    const caption = element('span', 'digit-gallery-caption');
    button.append(image.canvas, caption);
    button.addEventListener('click', () => onPick(Number(button.dataset.row)));
    list.append(button);
    cells.push({ button, image, caption });
  }
  let drawnKey = '';
  return {
    element: root,
    draw(title, entries, inputs, which, palette, theme) {
      const key = `${title}/${which}/${entries.map((e) => `${e.row}:${e.predicted}:${e.confidence.toFixed(2)}`).join()}/${palette.neutral}/${theme}`;
      if (key === drawnKey) return;
      drawnKey = key;
      heading.textContent = title;
      const ink = inkTable(palette, theme);
      cells.forEach(({ button, image, caption }, i) => {
        const entry = entries[i];
        button.hidden = !entry;
        if (!entry) return;
        button.dataset.row = String(entry.row);
        image.draw(inputs, entry.row * PIXELS, 1, ink);
        caption.textContent = `${entry.truth} → ${entry.predicted}`;
        // (The visible text first: the name a voice-control user says.)
        const sure = entry.confidence < 1 ? ` (${Math.round(100 * entry.confidence)} percent sure)` : '';
        button.setAttribute('aria-label', `${entry.truth} → ${entry.predicted}: ${which} digit ${entry.row + 1}, a ${entry.truth}, predicted ${entry.predicted}${sure}; show it above`);
      });
    },
    destroy() {
      for (const { image } of cells) image.canvas.width = 0;
    },
  };
}
