// "Share…": a modal dialog that builds the link (the configuration alone, or with the current or
// the starting weights), copies it, refuses a link too long for common hosts (offering the file
// instead), and offers every download: the files, the page itself as one HTML file (one-file.ts)
// and the network as Python code. Escape, the Close button and a click outside close it.
import { codeProblem, type CodeSource } from '../../export-code';
import { NUMPY_FILE, numpyScript } from '../../export-numpy';
import { TORCH_FILE, torchScript } from '../../export-torch';
import { MAX_LINK_LENGTH, packWeights, thinHistory, type LinkedRun } from '../../share';
import { toHash, type State } from '../../state';
import type { Frame } from '../../trainer';
import { saveFile } from './files';
import { createOneFileSection } from './one-file';

export type LinkChoice = 'config' | 'current' | 'start';

/** What the dialog reads when it builds a link or a file: always the latest. */
export interface ShareSource {
  state(): Readonly<State>;
  frame(): Frame | null;
  /** The weights at step 0 of this run (null when not known). */
  start(): Float32Array | null;
  /** The page a link opens (the full playground), without a hash. */
  address(): string;
}

export type DownloadName = 'setup' | 'png' | 'loss' | 'data';

export interface ShareDialog {
  open(opener: HTMLElement): void;
  /** On every render: rebuilds the link when what it carries has changed. */
  refresh(): void;
}

const CHOICES: { value: LinkChoice; label: string; hint: string }[] = [
  { value: 'config', label: 'Configuration only',
    hint: 'The settings, the data set and the seed: the network starts from the seed\'s weights.' },
  { value: 'current', label: 'Configuration and current weights',
    hint: 'Opens with exactly the predictions shown now, at the same step, with the loss chart so far.' },
  { value: 'start', label: 'Configuration and starting weights',
    hint: 'Replays this run from step 0: the same data, batches and weights give the same training. ' +
      'Weights edited after step 0 are not part of it.' },
];

/** `plane`: only for data on the plane (the heatmap, the points), not a real data set's images. */
const DOWNLOADS: { name: DownloadName; label: string; title: string; plane?: boolean }[] = [
  { name: 'setup', label: 'Setup (JSON)', title: 'Configuration, drawn data, current and starting weights, loss history' },
  { name: 'png', label: 'Output image (PNG)', title: 'The output heatmap with the data points, 400 × 400 pixels', plane: true },
  { name: 'loss', label: 'Loss history (CSV)', title: 'epoch, step, train_loss, test_loss' },
  { name: 'data', label: 'Data points (CSV)', title: 'x, y, label, set (train or test)', plane: true },
];

/**
 * The network on screen as the code export's input: the frame's weights, the settings' link
 * (`address` null: no link, for checks on every frame, where writing a table's link would cost).
 */
export function codeSource(state: Readonly<State>, frame: Pick<Frame, 'info' | 'snapshot'>, address: string | null): CodeSource {
  return {
    state, config: frame.info.config, parameters: frame.snapshot.parameters, loaded: frame.info.loaded ?? null,
    link: address === null ? '' : address + toHash({ ...state, weights: '' }), step: frame.snapshot.metrics.step,
  };
}

/** What the two Python files do, for the data the network reads: a line each, `code` in backquotes. */
function codeHint(source: CodeSource): string[] {
  const kind = source.loaded?.kind ?? 'plane';
  const call = kind === 'plane' ? 'predict(x, y)' : kind === 'image' ? 'predict(pixels)' : 'predict(row)';
  const data = kind === 'plane' ? 'the Data points (CSV) above' : kind === 'image' ? 'the digits file' : 'the table\'s CSV file';
  return [`\`${NUMPY_FILE}\`: these weights and the forward pass in NumPy; \`${call}\` gives the predictions shown here.`,
    `\`${TORCH_FILE}\`: the same network as a PyTorch module, with this page's loss, optimizer and settings and a training loop over ${data}.`];
}

/** Lines into `node`, a block each, `text in backquotes` as code. */
function showLines(node: HTMLElement, lines: readonly string[]): void {
  node.replaceChildren(...lines.map((line) => {
    const block = make('span', 'share-code-line');
    line.split('`').forEach((part, i) => block.append(i % 2 === 1 ? make('code', 'share-code-name', part) : part));
    return block;
  }));
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** What a current-weights link carries of the run: its step, its epoch and a thinned loss history. */
export function linkedRun(frame: Pick<Frame, 'snapshot' | 'history'>): LinkedRun {
  const { step, epoch } = frame.snapshot.metrics;
  return { step, epoch, history: thinHistory(frame.history) };
}

/**
 * The link for a choice; weights are packed from the frame (current, with the run they are at)
 * or the run's start. A run whose history would make the link too long goes without its history.
 */
export async function shareLink(address: string, state: Readonly<State>, choice: LinkChoice,
  frame: Pick<Frame, 'snapshot' | 'history'> | null, start: Float32Array | null): Promise<string> {
  const values = choice === 'current' ? frame?.snapshot.parameters ?? null : choice === 'start' ? start : null;
  if (choice !== 'config' && !values) throw new Error('these weights are not known yet');
  const link = async (run: LinkedRun | null) =>
    address + toHash({ ...state, weights: values ? await packWeights(values, run) : '', weightsAt: choice === 'start' ? 'start' : 'current' });
  if (choice !== 'current' || !frame) return link(null);
  const run = linkedRun(frame);
  const full = await link(run);
  return full.length <= MAX_LINK_LENGTH ? full : link({ ...run, history: { step: [], trainLoss: [], testLoss: [] } });
}

export function tooLongMessage(length: number): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return `This link would be ${n(length)} characters long; links longer than ${n(MAX_LINK_LENGTH)} may be cut by ` +
    'chat apps and e-mail. Download the setup as a file instead.';
}

export function createShareDialog(host: HTMLElement, source: ShareSource, download: (name: DownloadName) => void): ShareDialog {
  const id = `share-${Math.random().toString(36).slice(2)}`;
  const dialog = make('dialog', 'share-dialog');
  dialog.setAttribute('aria-labelledby', `${id}-title`);

  const head = make('div', 'share-head');
  const title = make('h2', 'share-title', 'Share this playground');
  title.id = `${id}-title`;
  const close = make('button', 'share-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close');
  close.title = 'Close (Escape)';
  head.append(title, close);

  const choices = make('fieldset', 'share-choices');
  choices.append(make('legend', 'share-legend', 'The link carries'));
  const radios = new Map<LinkChoice, HTMLInputElement>();
  const hints = new Map<LinkChoice, HTMLElement>();
  for (const choice of CHOICES) {
    const label = make('label', 'share-choice');
    const radio = make('input', 'share-radio');
    radio.type = 'radio';
    radio.name = `${id}-choice`;
    radio.value = choice.value;
    radio.checked = choice.value === 'config';
    const text = make('span', 'share-choice-text');
    const hint = make('span', 'share-hint', choice.hint);
    hint.id = `${id}-${choice.value}-hint`;
    radio.setAttribute('aria-describedby', hint.id);
    text.append(make('span', 'share-choice-label', choice.label), hint);
    label.append(radio, text);
    choices.append(label);
    radios.set(choice.value, radio);
    hints.set(choice.value, hint);
  }

  const row = make('div', 'share-link-row');
  const link = make('input', 'share-link');
  link.type = 'text';
  link.readOnly = true;
  link.spellcheck = false;
  link.setAttribute('aria-label', 'Link to share');
  const copy = make('button', 'share-copy is-primary', 'Copy link');
  copy.type = 'button';
  row.append(link, copy);

  const message = make('p', 'share-message');
  message.setAttribute('role', 'status');
  const tooLong = make('div', 'share-too-long');
  tooLong.setAttribute('role', 'alert');
  tooLong.hidden = true;
  const tooLongText = make('p', 'share-too-long-text');
  const tooLongDownload = make('button', 'share-too-long-download', 'Download the setup (JSON)');
  tooLongDownload.type = 'button';
  tooLong.append(tooLongText, tooLongDownload);

  const files = make('section', 'share-files');
  const filesTitle = make('h3', 'share-subtitle', 'Download');
  filesTitle.id = `${id}-files`;
  files.setAttribute('aria-labelledby', filesTitle.id);
  const fileButtons = make('div', 'share-file-buttons');
  const downloadButtons = DOWNLOADS.map(({ name, label, title: tip }) => {
    const button = make('button', 'share-file', label);
    button.type = 'button';
    button.title = tip;
    button.addEventListener('click', () => download(name));
    fileButtons.append(button);
    return button;
  });
  const openHint = make('p', 'share-hint',
    'Open a saved setup with “Open a saved setup…” beside the Share button, or drop the file on the playground.');
  files.append(filesTitle, fileButtons, openHint);

  const code = make('section', 'share-files share-code');
  const codeTitle = make('h3', 'share-subtitle', 'Export as code');
  codeTitle.id = `${id}-code`;
  code.setAttribute('aria-labelledby', codeTitle.id);
  const codeButtons = make('div', 'share-file-buttons');
  const codeHintText = make('p', 'share-hint');
  codeHintText.id = `${id}-code-hint`;
  const codeFiles = [
    { label: 'NumPy script (.py)', title: `${NUMPY_FILE}: predictions with NumPy alone`, name: NUMPY_FILE, text: numpyScript },
    { label: 'PyTorch script (.py)', title: `${TORCH_FILE}: the network and its training in PyTorch`, name: TORCH_FILE, text: torchScript },
  ].map(({ label, title: tip, name, text }) => {
    const button = make('button', 'share-file', label);
    button.type = 'button';
    button.title = tip;
    button.setAttribute('aria-describedby', codeHintText.id);
    button.addEventListener('click', () => {
      const frame = source.frame();
      if (!frame) return;
      const input = codeSource(source.state(), frame, source.address());
      const problem = codeProblem(input);
      if (problem) return say(`No code: ${problem}.`);
      saveFile(text(input), name, 'text/x-python');
    });
    codeButtons.append(button);
    return button;
  });
  code.append(codeTitle, codeButtons, codeHintText);

  const oneFile = createOneFileSection(id, source);
  dialog.append(head, choices, row, message, tooLong, files, oneFile.element, code);
  host.append(dialog);

  let opener: HTMLElement | null = null;
  let choice: LinkChoice = 'config';
  let builtKey: unknown[] = [];
  let token = 0;

  const say = (text: string) => {
    message.textContent = text;
  };

  function refresh(): void {
    if (!dialog.open) return;
    const frame = source.frame();
    const start = source.start();
    radios.get('current')!.disabled = !frame;
    radios.get('start')!.disabled = !start;
    hints.get('start')!.textContent = start ? CHOICES[2].hint : 'Not known for this run (it was opened from a file or a link without them).';
    downloadButtons.forEach((button, i) => {
      button.disabled = !frame;
      button.hidden = DOWNLOADS[i].plane === true && frame?.info.data === null;
    });
    const state = source.state();
    const input = frame ? codeSource(state, frame, null) : null;
    const problem = input ? codeProblem(input) : 'there is no network yet (it needs data to train on)';
    codeFiles.forEach((button) => (button.disabled = problem !== null));
    oneFile.refresh();
    showLines(codeHintText, input && !problem ? codeHint(input) : [`Not available now: ${problem}.`]);
    const current = frame?.snapshot.parameters ?? null;
    const key = [choice, state, choice === 'current' ? current : null, choice === 'start' ? start : null];
    if (key.length === builtKey.length && key.every((v, i) => v === builtKey[i])) return;
    builtKey = key;
    const mine = ++token;
    copy.disabled = true;
    void shareLink(source.address(), state, choice, frame, start).then(
      (text) => {
        if (mine !== token) return;
        const long = text.length > MAX_LINK_LENGTH;
        tooLong.hidden = !long;
        link.value = long ? '' : text;
        link.placeholder = long ? 'Too long to share as a link' : '';
        copy.disabled = long;
        if (long) tooLongText.textContent = tooLongMessage(text.length);
        say(long ? '' : `${text.length.toLocaleString('en-US')} characters`);
      },
      (error: unknown) => {
        if (mine !== token) return;
        link.value = '';
        tooLong.hidden = true;
        say(`No link: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  for (const [value, radio] of radios) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      choice = value;
      refresh();
    });
  }

  copy.addEventListener('click', async () => {
    const text = link.value;
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
      say('Copied');
      return;
    } catch {
      // No clipboard access (an older browser, or a frame without the permission): select the
      // text so the keyboard's copy takes it.
    }
    link.focus();
    link.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    say(copied ? 'Copied' : 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
  });
  link.addEventListener('focus', () => link.select());
  tooLongDownload.addEventListener('click', () => download('setup'));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
  dialog.addEventListener('close', () => {
    opener?.focus();
    opener = null;
  });

  return {
    open(from) {
      opener = from;
      builtKey = [];
      say('');
      dialog.showModal();
      refresh();
      radios.get(choice)!.focus();
    },
    refresh,
  };
}
