// The element's `label` attribute: the name of its landmark region, shown as a caption above
// the playground. A tutorial with several playgrounds labels each: a screen reader lists the
// page's regions by name, and seven called "Neural network playground" tell the reader nothing.
import { element, uniqueId } from '../views/controls/dom';

/** The region's name when the author gave no label. */
const UNLABELLED = 'Neural network playground';

export interface Caption {
  /** A new label (null or blank: no caption, the region keeps the generic name). */
  set(label: string | null): void;
}

export function createCaption(root: HTMLElement, label: string | null): Caption {
  // A landmark a screen-reader user can jump to and past, among the article's paragraphs.
  root.setAttribute('role', 'region');
  const caption = element('p', 'bp-caption');
  caption.id = uniqueId('bp-caption');
  const set = (label: string | null) => {
    const text = (label ?? '').trim();
    caption.textContent = text;
    if (text === '') {
      caption.remove();
      root.removeAttribute('aria-labelledby');
      root.setAttribute('aria-label', UNLABELLED);
      return;
    }
    if (!caption.isConnected) root.prepend(caption);
    root.removeAttribute('aria-label');
    root.setAttribute('aria-labelledby', caption.id);
  };
  set(label);
  return { set };
}
