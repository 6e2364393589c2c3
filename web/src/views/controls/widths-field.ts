// The hidden layers' widths as one text field ("32" or "64,32"), for networks whose view has no
// +/- buttons per layer (images, tables). Applied on Enter or when the field is left; a wrong
// list is named and the network kept.
import { sourceIn } from '../../problems';
import { MAX_HIDDEN_LAYERS, properties, type State } from '../../state';
import type { Context } from '../../view';
import { dispatcher, element, uniqueId } from './dom';
import './widths-field.css';

export interface WidthsField {
  element: HTMLElement;
  render(state: Readonly<State>): void;
}

export function createWidthsField(context: Context): WidthsField {
  const dispatch = dispatcher(context);
  const field = element('div', 'widths-field');
  const input = element('input');
  input.id = uniqueId('hidden-layers');
  input.type = 'text';
  input.inputMode = 'numeric';
  input.autocomplete = 'off';
  input.spellcheck = false;
  const label = element('label', undefined, 'Hidden layers');
  label.htmlFor = input.id;
  const hint = element('span', 'widths-hint');
  hint.id = uniqueId('hidden-layers-hint');
  input.setAttribute('aria-describedby', hint.id);
  field.append(label, input, hint);

  const apply = () => {
    const state = context.store.get();
    const text = input.value.trim().replace(/\s+/g, '');
    const result = properties.networkShape.parse(text);
    const widest = sourceIn(state).maxWidth;
    if (!('value' in result) || result.problem || result.value.some((n) => n > widest)) {
      context.actions.notify(`Hidden layers '${input.value}' must be up to ${MAX_HIDDEN_LAYERS} widths of 1 to ${widest}, like ${Math.min(32, widest)} or ${widest},${Math.ceil(widest / 2)}; the network is kept.`);
      input.value = state.networkShape.join(',');
      return;
    }
    if (result.value.join() !== state.networkShape.join()) dispatch({ networkShape: result.value });
  };
  input.addEventListener('change', apply);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') apply();
  });

  return {
    element: field,
    render(state) {
      const widest = sourceIn(state).maxWidth;
      const text = `widths, comma-separated (up to ${MAX_HIDDEN_LAYERS} layers of 1 to ${widest}; empty: none)`;
      if (hint.textContent !== text) hint.textContent = text;
      if (document.activeElement !== input && input.value !== state.networkShape.join(',')) input.value = state.networkShape.join(',');
      input.disabled = state.locked.includes('networkShape');
      field.hidden = state.hidden.includes('networkShape');
    },
  };
}
