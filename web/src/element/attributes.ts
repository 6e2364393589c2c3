// The element's attributes as the playground's vocabulary: lists as authors write them, the
// configuration with its locked and hidden controls as one hash, and the panels. Pure functions.
import { DEFAULT_PANELS, EMBED_PANELS } from '../embed/options';
import { PANELS, type PanelName } from '../playground';

/** The panel names, as for embed.html: the playground's panels, and 'chart' (the loss chart). */
const PANEL_NAMES: readonly string[] = [...new Set<string>([...EMBED_PANELS, ...PANELS])];

/** "a, b c" → ['a', 'b', 'c']: authors separate lists with commas or spaces. */
export function names(value: string | null): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/**
 * The element's whole configuration as one hash. `config` may be a bare hash ("#a=1&b=2",
 * "a=1") or a full playground address copied from the address bar (everything after '#').
 */
export function composeHash(config: string | null, locked: readonly string[], hide: readonly string[]): string {
  const text = (config ?? '').trim();
  const at = text.indexOf('#');
  const base = at >= 0 ? text.slice(at + 1) : text;
  const lists = [
    ...locked.map((name) => `${encodeURIComponent(name)}_lock=true`),
    ...hide.map((name) => `${encodeURIComponent(name)}_hide=true`),
  ];
  return `#${[base, ...lists].filter(Boolean).join('&')}`;
}

export interface PanelChoice {
  panels: PanelName[];
  /** The loss chart is shown (it is part of the output panel, and shown only when listed). */
  chart: boolean;
  /** 'chart' without 'output': the output panel shows only its numbers and the chart. */
  chartOnly: boolean;
  problems: string[];
}

/**
 * The `panels` attribute, with embed.html's vocabulary and defaults (so a list can move between
 * an iframe and an element unchanged); unknown names are named.
 */
export function panelsOf(value: string | null): PanelChoice {
  const asked = names(value);
  const problems = asked.filter((name) => !PANEL_NAMES.includes(name))
    .map((name) => `there is no panel '${name}' (panels are ${PANEL_NAMES.join(', ')})`);
  let wanted = asked.filter((name) => PANEL_NAMES.includes(name));
  if (wanted.length === 0) wanted = [...DEFAULT_PANELS];
  const chart = wanted.includes('chart');
  const chartOnly = chart && !wanted.includes('output');
  const panels = PANELS.filter((name) => wanted.includes(name) || (name === 'output' && chartOnly));
  return { panels, chart, chartOnly, problems };
}
