// Placeholder: built next.
import { h } from '../ui.js';

export async function render(view) {
  view.append(h('h1', {}, 'batch'));
}
