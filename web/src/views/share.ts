// The share bar under the controls: "Share…" opens the link and the downloads; "Open a saved
// setup…" reads a file saved from there (so does dropping one on the playground). A file is
// checked whole before anything changes; a refused one is named in the notice and the run kept.
import './share.css';
import { buildExport, lossCsv, MAX_FILE_BYTES, parseExport, pointsCsv, type Setup } from '../export';
import type { State } from '../state';
import type { Frame } from '../trainer';
import type { Context, View } from '../view';
import { svgIcon } from './controls/dom';
import { createShareDialog, type DownloadName } from './share/dialog';
import { outputPng, saveFile } from './share/files';

/** What the share bar needs of the trainer beyond a frame. */
export interface SavedRun {
  /** The weights at step 0 of this run (null when not known). */
  readonly startParameters: Float32Array | null;
  /** True once the whole setup is applied (false: the trainer has said why). */
  restore(setup: Setup): Promise<boolean>;
}

const ICONS = {
  share: 'M18 16.08c-.76 0-1.44.3-1.96.77L8.91 12.7c.05-.23.09-.46.09-.7s-.04-.47-.09-.7l7.05-4.11A2.99 2.99 0 0 0 21 5a3 3 0 1 0-5.91.7L8.04 9.81A2.99 2.99 0 0 0 3 12a3 3 0 0 0 5.04 2.19l7.12 4.16a2.92 2.92 0 1 0 2.84-2.27z',
  open: 'M20 6h-8l-2-2H4a2 2 0 0 0-1.99 2L2 18a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2zm0 12H4V8h16v10z',
} as const;

function iconButton(label: string, icon: keyof typeof ICONS): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'share-button';
  button.append(svgIcon(ICONS[icon], 'share-icon'), document.createTextNode(label));
  return button;
}

function shortName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}...` : name;
}

/** A locked setting the file would change (an embed's author fixed it), or null. */
function lockedConflict(page: Readonly<State>, file: Readonly<State>): string | null {
  const key = page.locked.find((k) => k in file && JSON.stringify(page[k as keyof State]) !== JSON.stringify(file[k as keyof State]));
  return key ?? null;
}

export function createShareBar(container: HTMLElement, context: Context, run: SavedRun): View {
  const { store, actions } = context;
  container.classList.add('share-bar');

  const share = iconButton('Share…', 'share');
  share.setAttribute('aria-haspopup', 'dialog');
  share.title = 'A link to this playground, with or without its weights, and downloads';
  const open = iconButton('Open a saved setup…', 'open');
  open.title = 'Open a setup saved with Share → Setup (JSON)';
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = '.json,application/json';
  file.className = 'visually-hidden';
  file.tabIndex = -1; // the button is the keyboard's way in
  file.setAttribute('aria-label', 'Open a saved setup');
  const status = document.createElement('p');
  status.className = 'share-status';
  status.setAttribute('role', 'status');
  container.append(status, share, open, file);

  let state: Readonly<State> = store.get();
  let frame: Frame | null = null;

  // The full page shares its own address (any host, any sub-path); an embed or an element links
  // to the full playground it names as its home.
  const address = () => context.home;

  const fileName = (ext: string, what: string) => `backprop-playground-${what}.${ext}`;
  const background = () => getComputedStyle(container).getPropertyValue('--panel').trim() || '#ffffff';

  function download(name: DownloadName): void {
    const current = frame;
    if (!current) return;
    const latest = store.get();
    if (name === 'setup') {
      const setup: Setup = { state: latest, parameters: current.snapshot.parameters, start: run.startParameters, history: current.history };
      saveFile(buildExport(setup), fileName('json', 'setup'), 'application/json');
    } else if (name === 'loss') {
      saveFile(lossCsv(current.history), fileName('csv', 'loss'), 'text/csv');
    } else if (name === 'data') {
      const data = current.info.data;
      saveFile(pointsCsv(data?.trainPoints ?? [], data?.testPoints ?? []), fileName('csv', 'data'), 'text/csv');
    } else {
      outputPng(current, context.shown(), background()).then(
        (blob) => saveFile(blob, fileName('png', 'output')),
        (error: unknown) => actions.notify(`No picture: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }

  const dialog = createShareDialog(container, {
    state: () => store.get(),
    frame: () => frame,
    start: () => run.startParameters,
    address,
  }, download);

  share.addEventListener('click', () => {
    // A link is of one moment: training stops so that the link matches what is on screen.
    actions.pause();
    dialog.open(share);
  });

  async function openFile(chosen: File): Promise<void> {
    const name = shortName(chosen.name);
    const refuse = (problem: string) => {
      status.textContent = '';
      actions.notify(`“${name}” was not opened: ${problem}. The playground is unchanged.`);
    };
    if (chosen.size > MAX_FILE_BYTES) return refuse(`it is ${(chosen.size / 1e6).toFixed(1)} MB, larger than the ${MAX_FILE_BYTES / 1e6} MB a saved setup can be`);
    let text: string;
    try {
      text = await chosen.text();
    } catch {
      return refuse('it could not be read');
    }
    const result = parseExport(text);
    if ('problem' in result) return refuse(result.problem);
    const page = store.get();
    const locked = lockedConflict(page, result.setup.state);
    if (locked) return refuse(`this page keeps '${locked}' fixed and the file changes it`);
    // A page that locks settings (a tutorial's embed) keeps its own locked and hidden controls.
    const state = page.locked.length > 0 ? { ...result.setup.state, locked: [...page.locked], hidden: [...page.hidden] } : result.setup.state;
    status.textContent = (await run.restore({ ...result.setup, state })) ? `Opened “${name}”.` : '';
  }

  open.addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    file.value = ''; // the same file chosen again is a new change
    if (chosen) void openFile(chosen);
  });

  // Dropping a saved setup anywhere on the playground opens it.
  const root = context.root;
  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
  const listen = { signal: context.signal };
  root.addEventListener('dragover', (event) => {
    if (container.hidden || !carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    root.classList.add('share-drop-target');
  }, listen);
  root.addEventListener('dragleave', (event) => {
    if (!root.contains(event.relatedTarget as Node | null)) root.classList.remove('share-drop-target');
  }, listen);
  root.addEventListener('drop', (event) => {
    root.classList.remove('share-drop-target');
    if (container.hidden || !carriesFiles(event)) return;
    event.preventDefault();
    const dropped = event.dataTransfer?.files[0];
    if (dropped) void openFile(dropped);
  }, listen);

  return {
    render(next, nextFrame) {
      state = next;
      frame = nextFrame;
      const hidden = state.hidden.includes('shareButton');
      if (container.hidden !== hidden) container.hidden = hidden;
      dialog.refresh();
    },
    // Its listeners are on its own nodes, or on the document with context.signal.
    destroy() {},
  };
}
