// Shared building blocks: form fields with their label and the server's
// message beside them, buttons, alerts, skeletons, empty states and prices.
// Everything renders text as text; nothing here sets innerHTML.
import { html, useEffect, useRef } from '../lib/html.js';
import { formatMoney } from '../lib/money.js';
import { unclaimedFields } from '../lib/errors.js';

let seq = 0;
const uid = (name) => `f-${String(name).replace(/[^A-Za-z0-9_-]/g, '-')}-${++seq}`;

// useId keeps one generated element id for the lifetime of a component.
export function useId(name) {
  const ref = useRef(null);
  if (ref.current === null) ref.current = uid(name);
  return ref.current;
}

// Field is a labelled input: <${Field} label="Email" name="email" type="email"
// value=${v} onInput=${(v) => …} error=${msg} hint="…" />. onInput receives
// the new value (a boolean for checkboxes).
export function Field({ label, name, type = 'text', value, onInput, error, hint, required, options, class: cls, children, ...rest }) {
  const id = useId(name);
  const hintId = hint ? `${id}-hint` : null;
  const errId = error ? `${id}-err` : null;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name, required, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy, ...rest,
  };
  let control;
  if (type === 'select') {
    control = html`<select ...${common} value=${value} onChange=${(e) => onInput?.(e.target.value)}>
      ${(options || []).map((o) => html`<option value=${o.value} disabled=${o.disabled}>${o.label}</option>`)}
    </select>`;
  } else if (type === 'checkbox') {
    return html`<div class=${`field field-check ${error ? 'has-error' : ''} ${cls || ''}`}>
      <input type="checkbox" ...${common} checked=${!!value} onChange=${(e) => onInput?.(e.target.checked)} />
      <label for=${id}>${label}${children}</label>
      ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
      ${error && html`<p class="field-error" id=${errId}>${error}</p>`}
    </div>`;
  } else if (type === 'textarea') {
    control = html`<textarea ...${common} value=${value} onInput=${(e) => onInput?.(e.target.value)} />`;
  } else {
    control = html`<input type=${type} ...${common} value=${value ?? ''} onInput=${(e) => onInput?.(e.target.value)} />`;
  }
  return html`<div class=${`field ${error ? 'has-error' : ''} ${cls || ''}`}>
    <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
    ${control}
    ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
    ${error && html`<p class="field-error" id=${errId}>${error}</p>`}
  </div>`;
}

// Button shows a busy state without changing its size.
export function Button({ busy, variant = 'primary', type = 'button', children, class: cls, ...rest }) {
  return html`<button type=${type} class=${`btn btn-${variant} ${cls || ''}`} aria-busy=${busy ? 'true' : undefined}
    disabled=${busy || rest.disabled} ...${rest}>
    ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : null}<span>${children}</span>
  </button>`;
}

// Alert is a message block: kind is info, ok, warn or error. Errors are
// announced to screen readers as they appear.
export function Alert({ kind = 'info', title, children, class: cls }) {
  return html`<div class=${`alert alert-${kind} ${cls || ''}`} role=${kind === 'error' ? 'alert' : 'status'}>
    ${title && html`<p class="alert-title">${title}</p>`}
    ${children}
  </div>`;
}

// FormProblem is the summary above a form's button: the server's message,
// plus any field message that no field on the form displays.
export function FormProblem({ problem, shown = [] }) {
  if (!problem) return null;
  const extra = unclaimedFields(problem, shown);
  const hasFieldErrors = Object.keys(problem.fields || {}).length > 0;
  return html`<${Alert} kind="error" title=${hasFieldErrors && !extra.length ? 'Please check the highlighted fields.' : problem.message}>
    ${extra.length ? html`<ul class="plain">${extra.map(([k, m]) => html`<li key=${k}>${m}</li>`)}</ul>` : null}
  </${Alert}>`;
}

// Skeleton is a grey stand-in of a fixed shape, so that content arriving
// does not move the page.
export function Skeleton({ lines = 3, class: cls }) {
  return html`<div class=${`skeleton ${cls || ''}`} aria-hidden="true">
    ${Array.from({ length: lines }, (_, i) => html`<div key=${i} class="sk-line"></div>`)}
  </div>`;
}

// Loading is a skeleton with a status for screen readers.
export function Loading({ label = 'Loading…', lines = 4, class: cls }) {
  return html`<div class=${cls || ''} aria-busy="true"><p class="sr-only" role="status">${label}</p><${Skeleton} lines=${lines} /></div>`;
}

// Empty is the state of a list with nothing in it, with what to do next.
export function Empty({ title, children }) {
  return html`<div class="empty"><h2>${title}</h2>${children}</div>`;
}

// Price formats minor units in a currency (see lib/money.js).
export function Price({ amount, currency, class: cls }) {
  return html`<span class=${`price-text ${cls || ''}`}>${formatMoney(amount, currency)}</span>`;
}

// ServerHTML shows a *_html field: the server renders it from markdown and
// sanitises it, so it is the one kind of API text shown as markup.
export function ServerHTML({ html: markup, class: cls }) {
  return html`<div class=${`prose ${cls || ''}`} dangerouslySetInnerHTML=${{ __html: markup || '' }}></div>`;
}

// useTitle sets the document title while a page is shown.
export function useTitle(title) {
  useEffect(() => {
    if (title) document.title = `${title} · ${document.body.dataset.site || 'Hostbase'}`;
  }, [title]);
}

// PageHeader is a page's h1 with an optional lead paragraph.
export function PageHeader({ title, lead, children }) {
  useTitle(title);
  return html`<div class="page-head">
    <h1 tabindex="-1">${title}</h1>
    ${lead && html`<p class="lead">${lead}</p>`}
    ${children}
  </div>`;
}
