// A file picker for ticket attachments that lists what was chosen, with the
// server's message beside it when it refuses a file.
import { html } from '../lib/html.js';
import { useId } from './ui.js';

export const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,text/csv,application/json,.log,.txt';

export function AttachmentsField({ files, onInput, error, inputKey }) {
  const id = useId('attachments');
  return html`<div class=${`field file-input ${error ? 'has-error' : ''}`}>
    <label for=${id}>Attachments</label>
    <input key=${inputKey} id=${id} name="attachments" type="file" multiple accept=${ACCEPT}
      aria-describedby=${`${id}-hint${error ? ` ${id}-err` : ''}`} aria-invalid=${error ? 'true' : undefined}
      onChange=${(e) => onInput(Array.from(e.target.files || []))} />
    <p class="hint" id=${`${id}-hint`}>Up to 5 files of 10 MB: images, PDF, text, CSV, JSON or logs.</p>
    ${files.length > 0 && html`<ul class="plain small">${files.map((f) => html`<li key=${f.name}>${f.name}</li>`)}</ul>`}
    ${error && html`<p class="field-error" id=${`${id}-err`}>${error}</p>`}
  </div>`;
}
