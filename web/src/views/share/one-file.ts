// The share dialog's "Download this page": the playground as one HTML file (../../one-file.ts)
// with the setup a share link carries, with the current weights and the run they are at when
// the box is ticked. The file opens from disk and trains offline; a notebook shows it in an
// IFrame.
import { oneFileName, fillTemplate, loadTemplate } from '../../one-file';
import { packWeights } from '../../share';
import { toHash, type State } from '../../state';
import type { Frame } from '../../trainer';
import { element } from '../controls/dom';
import { linkedRun, type ShareSource } from './dialog';
import { saveFile } from './files';

/** The setup's hash, as a share link would carry it: the configuration, with the current weights and their run if asked. */
export async function pageHash(state: Readonly<State>, frame: Pick<Frame, 'snapshot' | 'history'> | null, withWeights: boolean): Promise<string> {
  if (!withWeights) return toHash({ ...state, weights: '', weightsAt: 'current' });
  if (!frame) throw new Error('the weights are not known yet');
  return toHash({ ...state, weights: await packWeights(frame.snapshot.parameters, linkedRun(frame)), weightsAt: 'current' });
}

export interface OneFileSection {
  readonly element: HTMLElement;
  /** With the dialog: the button needs a frame when the weights go in. */
  refresh(): void;
}

export function createOneFileSection(id: string, source: ShareSource): OneFileSection {
  const section = element('section', 'share-files share-one-file');
  const title = element('h3', 'share-subtitle', 'Download this page');
  title.id = `${id}-one-file`;
  section.setAttribute('aria-labelledby', title.id);
  const row = element('div', 'share-one-file-row');
  const label = element('label', 'share-one-file-weights');
  const weights = element('input', 'share-checkbox');
  weights.type = 'checkbox';
  label.append(weights, ' with the trained weights');
  const button = element('button', 'share-file', 'Download this page (.html)');
  button.type = 'button';
  const hint = element('p', 'share-hint',
    'One HTML file of about 1.4 MB with the engine inside: it opens from disk and trains offline, in a browser or a notebook\'s IFrame. ' +
    'With the weights it opens at this step with these predictions.');
  hint.id = `${id}-one-file-hint`;
  button.setAttribute('aria-describedby', hint.id);
  const status = element('p', 'share-message');
  status.setAttribute('role', 'status');
  row.append(label, button);
  section.append(title, row, hint, status);

  const refresh = () => {
    button.disabled = weights.checked && !source.frame();
  };
  weights.addEventListener('change', refresh);
  let busy = false;
  button.addEventListener('click', async () => {
    if (busy) return;
    busy = true;
    status.textContent = 'Making the page…';
    try {
      const state = source.state();
      const [template, hash] = await Promise.all([loadTemplate(source.address()), pageHash(state, source.frame(), weights.checked)]);
      const name = oneFileName(state.problem === 'regression' ? state.regDataset : state.dataset);
      const file = new Blob([fillTemplate(template, { hash })], { type: 'text/html' });
      saveFile(file, name);
      status.textContent = `Saved ${name} (${(file.size / 1e6).toFixed(1)} MB).`;
    } catch (error) {
      status.textContent = `No page: ${error instanceof Error ? error.message : String(error)}.`;
    } finally {
      busy = false;
    }
  });
  return { element: section, refresh };
}
