// The data column: which data set, how it is split and how noisy, the batch size, and
// "Regenerate" (a new seed: new points, as in TensorFlow Playground). Inputs (features) belong
// to the network view. Every control only dispatches; render() shows the state.
import { usesOwnPoints } from '../model';
import { pickDataset, PROBLEMS, sourceIn } from '../problems';
import './controls.css';
import type { State } from '../state';
import type { Context, View } from '../view';
import { createDatasetPicker } from './controls/dataset-picker';
import { checkbox } from './controls/checkbox';
import { button, dispatcher, element, hider, randomSeed } from './controls/dom';
import { lockLook } from './controls/lock';
import { createTableDialog } from './table/dialog';
import { createRangeField } from './controls/range-field';

export function createDataPanel(container: HTMLElement, context: Context): View {
  const dispatch = dispatcher(context);

  const picker = createDatasetPicker((choice) => dispatch(pickDataset(context.store.get(), choice)));
  const ratio = createRangeField({
    name: 'percTrainData', caption: 'Ratio of training to test data', min: 10, max: 90, step: 10,
    format: (v) => `${v}%`, onChange: (v) => dispatch({ percTrainData: v }),
  });
  const noise = createRangeField({
    name: 'noise', caption: 'Noise', min: 0, max: 50, step: 5,
    format: String, onChange: (v) => dispatch({ noise: v }),
  });
  const batch = createRangeField({
    name: 'batchSize', caption: 'Batch size', min: 1, max: 30, step: 1,
    format: String, onChange: (v) => dispatch({ batchSize: v }),
  });
  const regenerate = button('text-button regenerate', 'Regenerate', 'New random seed: new data points and new initial weights', 'regenerate');
  regenerate.append(element('span', undefined, 'Regenerate'));
  regenerate.removeAttribute('aria-label'); // its text is its name
  regenerate.addEventListener('click', () => dispatch({ seed: randomSeed() }));
  const regenerateLock = lockLook(regenerate, [regenerate], regenerate);

  // A table's columns as z-scores (its lesson shows why): only where there is a table.
  const standardize = checkbox('Standardize the columns', 'data-check');
  standardize.input.addEventListener('change', () => dispatch({ standardize: standardize.input.checked }));
  standardize.label.title = 'Each input column as a z-score, (value − mean) / standard deviation, from the training rows';

  const body = element('div', 'data-controls');
  const tableDialog = createTableDialog(container, context.store, (message) => context.actions.notify(message));
  body.append(picker.element, tableDialog.button, ratio.element, noise.element, standardize.label, batch.element, regenerate);
  container.append(body);

  // The picker answers to dataset_hide or regDataset_hide, whichever list it is showing.
  const pickerHidden = (state: Readonly<State>) => state.hidden.includes(PROBLEMS[state.problem].datasetKey);
  const applyHidden = hider([['percTrainData', ratio.element], ['noise', noise.element], ['batchSize', batch.element],
    ['seed', regenerate]]);

  let drawn: Readonly<State> | null = null;
  return {
    render(state) {
      // Only the state is drawn here, and a frame's render brings the same state object while
      // nothing changed: writing every control again would restyle the page each frame.
      if (state === drawn) return;
      drawn = state;
      picker.render(state);
      picker.element.hidden = pickerHidden(state);
      ratio.show(state.percTrainData);
      noise.show(state.noise);
      const own = usesOwnPoints(state);
      const real = sourceIn(state).kind !== 'plane';
      noise.setDisabled(own || real, real ? 'Noise does not apply to real data' : 'Noise does not apply to your own points');
      tableDialog.button.hidden = state.hidden.includes('table');
      tableDialog.button.disabled = state.locked.includes('table');
      standardize.input.checked = state.standardize;
      standardize.label.hidden = sourceIn(state).kind !== 'table' || state.hidden.includes('standardize');
      standardize.lock.set(state.locked.includes('standardize'));
      batch.show(state.batchSize);
      applyHidden(state.hidden);
      ratio.setLocked(state.locked.includes('percTrainData'));
      noise.setLocked(state.locked.includes('noise'));
      batch.setLocked(state.locked.includes('batchSize'));
      regenerateLock.set(state.locked.includes('seed'));
    },
    destroy() {
      picker.destroy();
      tableDialog.destroy();
    },
  };
}
