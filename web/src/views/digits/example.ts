// One digit as the network sees it: the image, the ten probabilities as bars (the predicted
// digit marked, the true one named), and the gradient to the input, −∂L/∂x, as an 8×8 image:
// backpropagation carried one layer further than the weights, to the pixels. Blue pixels are
// where more ink would lower the loss for the chosen target, orange where less would.
import { CLASSES, PIXELS } from '../../data/digits';
import { colourTable, type Palette } from '../../heatmap';
import { predictedClasses } from '../../problems';
import type { Theme } from '../../view';
import { element, uniqueId } from '../controls/dom';
import { createPixelImage, inkTable, largest } from './image';

export interface Example {
  /** 64 inputs, 0..1 (a pixel's count / 16). */
  inputs: Float32Array;
  /** Its digit when known (a data set's image), null for a drawing. */
  label: number | null;
  /** "test digit 12", "your drawing". */
  name: string;
}

export interface Reading {
  /** The 10 probabilities. */
  probabilities: Float32Array;
  /** −∂L/∂x for the target, 64 values. */
  descent: Float32Array;
  target: number;
}

export interface ExampleView {
  element: HTMLElement;
  /** The target the gradient is for: null follows the example's label (else the predicted digit). */
  chosenTarget(): number | null;
  draw(example: Example | null, reading: Reading | null, palette: Palette, theme: Theme): void;
  destroy(): void;
}

export function createExampleView(onTarget: () => void): ExampleView {
  const root = element('div', 'digit-example');
  const title = element('p', 'digit-example-title');
  title.id = uniqueId('digit-example');
  const image = createPixelImage('digit-large', null);
  const gradient = createPixelImage('digit-large', null);
  const imageFigure = element('figure', 'digit-figure');
  imageFigure.append(image.canvas, element('figcaption', undefined, 'the input'));
  const gradientFigure = element('figure', 'digit-figure');
  const gradientCaption = element('figcaption');
  gradientFigure.append(gradient.canvas, gradientCaption);

  const targetField = element('label', 'digit-target');
  const select = element('select');
  const follow = element('option', undefined, 'its own digit');
  follow.value = '';
  select.append(follow, ...Array.from({ length: CLASSES }, (_, k) => {
    const option = element('option', undefined, String(k));
    option.value = String(k);
    return option;
  }));
  select.addEventListener('change', onTarget);
  targetField.append(element('span', undefined, 'Gradient for the target '), select);

  const bars = element('ol', 'digit-bars');
  bars.setAttribute('aria-labelledby', title.id);
  const rows = Array.from({ length: CLASSES }, (_, k) => {
    const item = element('li', 'digit-bar');
    const name = element('span', 'digit-bar-name', String(k));
    const track = element('span', 'digit-bar-track');
    const fill = element('span', 'digit-bar-fill');
    track.append(fill);
    const value = element('span', 'digit-bar-value');
    item.append(name, track, value);
    bars.append(item);
    return { item, fill, value };
  });
  const pictures = element('div', 'digit-pictures');
  pictures.append(imageFigure, gradientFigure);
  root.append(title, pictures, targetField, bars);

  let drawnKey = '';
  return {
    element: root,
    chosenTarget: () => (select.value === '' ? null : Number(select.value)),
    draw(example, reading, palette, theme) {
      if (!example) {
        title.textContent = 'No digit chosen';
        return;
      }
      image.draw(example.inputs, 0, 1, inkTable(palette, theme));
      const predicted = reading ? predictedClasses(reading.probabilities, CLASSES, 'softmax')[0] : -1;
      const truth = example.label === null ? '' : `, a ${example.label}`;
      const verdict = predicted < 0 ? '' : example.label === null || predicted === example.label
        ? `: the network says ${predicted}` : `: the network says ${predicted}, wrongly`;
      const text = `${example.name[0].toUpperCase()}${example.name.slice(1)}${truth}${verdict}`;
      if (title.textContent !== text) title.textContent = text;
      image.canvas.setAttribute('role', 'img');
      image.canvas.setAttribute('aria-label', `${example.name}${truth}, 8 by 8 pixels`);
      if (!reading) return;
      const top = largest(reading.descent, 0);
      gradient.draw(reading.descent, 0, 1 / top, colourTable(palette));
      const gradientText = `−∂L/∂x for target ${reading.target}: blue, more ink lowers the loss; orange, less`;
      if (gradientCaption.textContent !== gradientText) {
        gradientCaption.textContent = gradientText;
        gradient.canvas.setAttribute('role', 'img');
        gradient.canvas.setAttribute('aria-label', `The gradient of the loss to the 64 pixels for target ${reading.target}, as an 8 by 8 image`);
      }
      const key = `${Array.from(reading.probabilities, (p) => p.toFixed(3)).join()}/${example.label}`;
      if (key === drawnKey) return;
      drawnKey = key;
      rows.forEach(({ item, fill, value }, k) => {
        const p = reading.probabilities[k];
        fill.style.width = `${(100 * p).toFixed(1)}%`;
        value.textContent = `${(100 * p).toFixed(1)} %`;
        item.classList.toggle('is-predicted', k === predicted);
        item.classList.toggle('is-true', k === example.label);
        item.setAttribute('aria-label', `${k}: ${(100 * p).toFixed(1)} percent${k === predicted ? ', predicted' : ''}${k === example.label ? ', the true digit' : ''}`);
      });
    },
    destroy() {
      image.canvas.width = gradient.canvas.width = 0;
    },
  };
}

/** −∂L/∂x from the engine's ∂L/∂x. */
export function descentOf(gradient: Float32Array): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) out[p] = -gradient[p];
  return out;
}
