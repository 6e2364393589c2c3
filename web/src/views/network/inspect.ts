// Reading and editing weights and biases: a tooltip on hover or focus, an inline editor on click
// or Enter, and the keyboard route to them. A finger cannot hover: the first tap on a link or
// bias shows its value (with no editor, so no on-screen keyboard covers the network), a second
// tap on the same one edits it.
//
// Keyboard model (a roving tabindex, as in a grid widget): the neurons form one Tab stop; the
// arrow keys move between neurons (Up/Down within a layer, Left/Right across layers, Home/End
// to a layer's ends). Enter or Space on a neuron steps into its own parameters, the bias and
// then each incoming weight: the arrow keys walk that list, Enter or Space edits the focused
// one, Escape returns to the neuron. 1,920 links as Tab stops would be unusable; this way every
// parameter is at most a few keys away and each is named by the neuron it feeds.
import type { Actions } from '../../view';
import type { Built } from './build';
import { formatGradient } from './gradients';
import type { Structure } from './layout';
import { describe, type LinkLayer, type ParameterRef } from './links';

const MAX_VALUE = 1000;

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1000 ? v.toExponential(2) : v.toFixed(3);
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Inspector {
  readonly tooltip = make('div', 'nn-tooltip');
  readonly editor = make('form', 'nn-editor');
  #label = make('label', 'nn-editor-label');
  #labelText = make('span', '');
  #input = make('input', 'nn-editor-input');
  #error = make('div', 'nn-editor-error');
  #actions: Actions;
  #links: LinkLayer | null = null;
  #built: Built | null = null;
  #structure: Structure | null = null;
  #parameters: Float32Array | null = null;
  /** Set while the links show gradients: the tooltip then leads with ∂L/∂w. */
  #gradients: Float32Array | null = null;
  #stage = { width: 0, height: 0 };
  #byNeuron = new Map<string, ParameterRef[]>();
  #shown: ParameterRef | null = null;
  #editing: ParameterRef | null = null;
  /** The link or bias a tap showed: a second tap on it edits. */
  #tapped: ParameterRef | null = null;
  /** The kind of pointer that last pressed on the stage (a click event may not say). */
  #pointer = 'mouse';
  #cursor = { column: 0, row: 0 };

  constructor(stage: HTMLElement, actions: Actions) {
    this.#actions = actions;
    this.tooltip.hidden = true;
    this.tooltip.setAttribute('aria-hidden', 'true'); // the focused element's own label says the same
    this.editor.hidden = true;
    this.editor.noValidate = true;
    this.#input.type = 'text';
    this.#input.inputMode = 'decimal';
    this.#input.autocomplete = 'off';
    this.#input.spellcheck = false;
    this.#error.setAttribute('role', 'alert');
    const set = make('button', 'nn-button', 'Set');
    set.type = 'submit';
    const cancel = make('button', 'nn-button', 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => this.#closeEditor(true));
    const row = make('div', 'nn-editor-row');
    row.append(this.#input, set, cancel);
    this.#label.append(this.#labelText, row);
    this.editor.append(this.#label, this.#error);
    this.editor.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#commit();
    });
    this.editor.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.#closeEditor(true);
      }
    });

    // A touch "hovers" only while the finger is down: the tap itself shows the value (on click).
    stage.addEventListener('pointerdown', (event) => {
      this.#pointer = event.pointerType;
    });
    stage.addEventListener('pointerover', (event) => {
      const ref = this.#links?.refOf(event.target as Element);
      if (ref && event.pointerType !== 'touch') this.#showTooltip(ref);
    });
    stage.addEventListener('pointerout', (event) => {
      if (event.pointerType === 'touch' || !this.#links?.refOf(event.target as Element)) return;
      const focused = this.#links.refOf(document.activeElement);
      if (focused) this.#showTooltip(focused);
      else this.#hideTooltip();
    });
    stage.addEventListener('click', (event) => {
      const ref = this.#links?.refOf(event.target as Element);
      if (!ref) return;
      if (this.#pointer === 'touch' && ref !== this.#tapped) {
        this.#tapped = ref;
        this.#showTooltip(ref);
      } else {
        this.#openEditor(ref);
      }
    });
    stage.addEventListener('focusin', (event) => {
      const target = event.target as HTMLElement;
      const ref = this.#links?.refOf(target);
      if (ref) {
        this.#showTooltip(ref);
        target.setAttribute('aria-label', `${this.#describe(ref)}: ${this.#valueText(ref)}. Enter edits, Escape goes back`);
      } else if (target.classList.contains('nn-neuron')) {
        this.#setCursor(Number(target.dataset.column), Number(target.dataset.row));
      }
    });
    stage.addEventListener('focusout', (event) => {
      const ref = this.#links?.refOf(event.target as Element);
      if (!ref) return;
      ref.element.setAttribute('aria-label', this.#describe(ref)); // its value is stale once it loses focus
      if (ref === this.#shown) this.#hideTooltip();
    });
    stage.addEventListener('keydown', (event) => this.#key(event));
  }

  /** A new structure: the tooltip and editor close; the cursor stays where it can. */
  attach(links: LinkLayer, built: Built, structure: Structure, stage: { width: number; height: number }): void {
    this.#links = links;
    this.#built = built;
    this.#structure = structure;
    this.#stage = stage;
    this.#byNeuron.clear();
    for (const ref of links.refs) {
      const key = `${ref.layer}:${ref.unit}`;
      const list = this.#byNeuron.get(key) ?? [];
      if (ref.kind === 'bias') list.unshift(ref);
      else list.push(ref);
      this.#byNeuron.set(key, list);
    }
    this.#hideTooltip();
    this.editor.hidden = true;
    this.#editing = null;
    this.#setCursor(this.#cursor.column, this.#cursor.row);
  }

  /**
   * The parameters of a frame drawn for this structure, or null when there is none yet; and its
   * gradients when the links show them.
   */
  update(parameters: Float32Array | null, gradients: Float32Array | null = null): void {
    this.#parameters = parameters;
    this.#gradients = gradients;
    if (this.#shown) this.tooltip.textContent = this.#tooltipText(this.#shown);
  }

  #tooltipText(ref: ParameterRef): string {
    const text = `${this.#describe(ref)}: ${this.#valueText(ref)}`;
    return ref === this.#tapped ? `${text}. Tap again to edit` : text;
  }

  #describe(ref: ParameterRef): string {
    return this.#structure ? describe(ref, this.#structure) : '';
  }

  #valueText(ref: ParameterRef): string {
    if (!this.#parameters) return 'not computed yet';
    const value = formatValue(this.#parameters[ref.index]);
    if (!this.#gradients) return value;
    const name = ref.kind === 'bias' ? 'b' : 'w';
    return `∂L/∂${name} = ${formatGradient(this.#gradients[ref.index])} (${name} = ${value})`;
  }

  /** Below the anchor, or above it near the stage's bottom (the scroll box would clip it). */
  #place(node: HTMLElement, ref: ParameterRef, width: number, height: number): void {
    const x = Math.max(0, Math.min(this.#stage.width - width, ref.anchor.x - width / 2));
    const below = ref.anchor.y + 8;
    const y = below + height <= this.#stage.height ? below : Math.max(0, ref.anchor.y - height - 8);
    node.style.transform = `translate(${x}px, ${y}px)`;
  }

  #showTooltip(ref: ParameterRef): void {
    if (ref !== this.#tapped) this.#tapped = null;
    this.#shown = ref;
    this.tooltip.textContent = this.#tooltipText(ref);
    this.tooltip.hidden = false;
    this.#place(this.tooltip, ref, 220, 40);
  }

  #hideTooltip(): void {
    this.#shown = null;
    this.#tapped = null;
    this.tooltip.hidden = true;
  }

  #openEditor(ref: ParameterRef): void {
    if (!this.#parameters) {
      this.#actions.notify('The network is still being built; try again in a moment.', () => this.#parameters !== null);
      return;
    }
    this.#hideTooltip();
    this.#editing = ref;
    this.#labelText.textContent = this.#describe(ref);
    this.#input.value = String(+this.#parameters[ref.index].toFixed(4));
    this.#input.removeAttribute('aria-invalid');
    this.#error.textContent = '';
    this.editor.hidden = false;
    this.#place(this.editor, ref, 240, 100);
    this.#input.focus();
    this.#input.select();
  }

  #closeEditor(returnFocus: boolean): void {
    const ref = this.#editing;
    this.#editing = null;
    this.editor.hidden = true;
    if (returnFocus && ref?.element.isConnected) ref.element.focus();
  }

  #commit(): void {
    const ref = this.#editing;
    if (!ref) return;
    // A decimal comma is accepted ("0,5"); anything that is not a finite number in range is
    // refused here, so NaN or ±inf never reach the engine.
    const text = this.#input.value.trim().replace(',', '.');
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || Math.abs(value) > MAX_VALUE) {
      this.#error.textContent = `Enter a number from -${MAX_VALUE} to ${MAX_VALUE}, such as 0.5 or -1.2.`;
      this.#input.setAttribute('aria-invalid', 'true');
      this.#input.focus();
      return;
    }
    this.#actions.setParameter(ref.index, value);
    this.#closeEditor(true);
  }

  /** Column 0 is the first hidden layer (or the output); rows clamp to the column. */
  #setCursor(column: number, row: number): HTMLElement | null {
    const neurons = this.#built?.neurons ?? [];
    if (neurons.length === 0) return null;
    const c = Math.max(0, Math.min(neurons.length - 1, column));
    const r = Math.max(0, Math.min(neurons[c].length - 1, row));
    for (const layer of neurons) for (const node of layer) node.tabIndex = -1;
    this.#cursor = { column: c, row: r };
    neurons[c][r].tabIndex = 0;
    return neurons[c][r];
  }

  #key(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    const ref = this.#links?.refOf(target);
    if (ref) {
      const list = this.#byNeuron.get(`${ref.layer}:${ref.unit}`) ?? [];
      const at = list.indexOf(ref);
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (step) list[(at + step + list.length) % list.length].element.focus();
      else if (event.key === 'Enter' || event.key === ' ') this.#openEditor(ref);
      else if (event.key === 'Escape') this.#built?.neurons[ref.layer][ref.unit].focus();
      else return;
      event.preventDefault();
      return;
    }
    if (!target.classList.contains('nn-neuron')) return;
    const { column, row } = this.#cursor;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [column, row - 1], ArrowDown: [column, row + 1], ArrowLeft: [column - 1, row], ArrowRight: [column + 1, row],
      Home: [column, 0], End: [column, 99],
    };
    if (moves[event.key]) {
      this.#setCursor(...moves[event.key])?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.#byNeuron.get(`${column}:${row}`)?.[0]?.element.focus();
    } else {
      return;
    }
    event.preventDefault();
  }
}
