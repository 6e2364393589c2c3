// How a locked control looks, the same everywhere: shown with its value, but disabled, with a
// small lock after its caption and the title "Locked by this page". A page locks a control with
// <control>_lock=true in its link (or locked= on an embed); the store refuses changes to it
// anyway, so this is what the user sees, not what protects the value.
import './lock.css';
import type { State } from '../../state';
import { svgIcon } from './dom';

export const LOCKED_TITLE = 'Locked by this page';

// A padlock (Material "lock", 24×24).
const LOCK_PATH =
  'M18 8h-1V6A5 5 0 0 0 7 6v2H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zM9 6a3 3 0 0 1 6 0v2H9V6zm3 11a2 2 0 1 1 0-4 2 2 0 0 1 0 4z';

/** Is any of these controls locked? (A control may answer to several names, e.g. activation and layerActivations.) */
export function locked(state: Readonly<State>, ...names: string[]): boolean {
  return names.some((name) => state.locked.includes(name));
}

/** The lock mark: an icon hidden from assistive technology (the control's title and disabled state say it). */
export function lockMark(): SVGSVGElement {
  return svgIcon(LOCK_PATH, 'lock-mark');
}

type Disableable = HTMLButtonElement | HTMLInputElement | HTMLSelectElement;

export interface LockLook {
  /** Locks or unlocks; `otherwise` is the control's own disabled state and its reason (or ''). */
  set(isLocked: boolean, otherwise?: { disabled: boolean; why: string }): void;
  readonly locked: boolean;
}

/**
 * The locked look of one control: `controls` are disabled, `wrapper` carries the title and the
 * is-locked class, the mark goes at the end of `markHost`. Only touches the DOM on a change.
 */
export function lockLook(wrapper: HTMLElement, controls: readonly Disableable[], markHost: Element): LockLook {
  const mark = lockMark();
  mark.setAttribute('hidden', '');
  markHost.append(mark);
  // Their own titles come back when the lock goes (taken when it comes: a caller may set them
  // after creating the control); a locked control's title says why, on the control too, where a
  // screen reader reads it as the description of the disabled control.
  const nodes: HTMLElement[] = [wrapper, ...controls];
  let ownTitles: string[] | null = null;
  let key = 'false/false/';
  let isLockedNow = false;
  return {
    set(isLocked, otherwise = { disabled: false, why: '' }) {
      const next = `${isLocked}/${otherwise.disabled}/${otherwise.why}`;
      if (next === key) return;
      key = next;
      isLockedNow = isLocked;
      ownTitles ??= nodes.map((node) => node.title);
      nodes.forEach((node, i) => {
        node.title = isLocked ? LOCKED_TITLE : node === wrapper && otherwise.disabled ? otherwise.why : ownTitles![i];
      });
      if (!isLocked && !otherwise.disabled) ownTitles = null;
      for (const control of controls) control.disabled = isLocked || otherwise.disabled;
      wrapper.classList.toggle('is-locked', isLocked);
      wrapper.classList.toggle('is-disabled', !isLocked && otherwise.disabled);
      mark.toggleAttribute('hidden', !isLocked);
    },
    get locked() {
      return isLockedNow;
    },
  };
}
