// The knowledge base: categories with their articles, and full-text search
// whose hits show the best passage with the words found highlighted.
import { html, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad } from '../lib/client.js';
import { fieldError } from '../lib/errors.js';
import { setQuery } from '../lib/router.js';
import { Empty, Loading, PageHeader } from '../components/ui.js';
import { LoadProblem } from '../components/client_layout.js';

// Highlighted shows a search snippet: escaped text with <mark> around the
// words found. It is parsed, never injected: only text and marks come out.
export function Highlighted({ snippet }) {
  const doc = new DOMParser().parseFromString(`<body>${snippet || ''}</body>`, 'text/html');
  return html`<span>${Array.from(doc.body.childNodes).map((n, i) => (n.nodeName === 'MARK'
    ? html`<mark key=${i}>${n.textContent}</mark>` : n.textContent))}</span>`;
}

function Search({ q }) {
  const hits = useLoad(() => hb(`/kb/search?q=${encodeURIComponent(q)}&limit=20`), [q]);
  if (hits.problem && !hits.data) {
    return fieldError(hits.problem, 'q') ? html`<p class="field-error">${fieldError(hits.problem, 'q')}</p>`
      : html`<${LoadProblem} problem=${hits.problem} retry=${hits.reload} />`;
  }
  if (!hits.data) return html`<${Loading} label="Searching…" />`;
  if (!hits.data.items.length) {
    return html`<${Empty} title="Nothing found"><p>Try other words, or <a href="/client/tickets/new">ask our team</a>.</p></${Empty}>`;
  }
  return html`<div class="stack kb-hits" aria-live="polite">
    <p class="muted">${hits.data.total} article${hits.data.total === 1 ? '' : 's'} found</p>
    <ul class="list-rows">${hits.data.items.map((h) => html`<li key=${h.id}><a class="row-link" href=${`/kb/${h.slug}`}>
      <span class="row-main"><strong>${h.title}</strong><span class="small muted"><${Highlighted} snippet=${h.snippet} /></span></span>
    </a></li>`)}</ul>
  </div>`;
}

function Browse() {
  const data = useLoad(() => Promise.all([
    pb.collection('kb_categories').getFullList({ sort: 'sort,name' }),
    pb.collection('kb_articles').getFullList({ filter: 'status = "published"', sort: 'sort,title', fields: 'id,slug,title,excerpt,category' }),
  ]), []);
  if (data.problem && !data.data) return html`<${LoadProblem} problem=${data.problem} retry=${data.reload} />`;
  if (!data.data) return html`<${Loading} label="Loading the knowledge base…" />`;
  const [categories, articles] = data.data;
  const shown = categories.filter((c) => articles.some((a) => a.category === c.id));
  if (!shown.length) return html`<${Empty} title="No articles yet"><p>Our team is writing them.</p></${Empty}>`;
  return html`<div class="grid">
    ${shown.map((c) => html`<section class="card stack" key=${c.id} aria-labelledby=${`cat-${c.id}`}>
      <h2 id=${`cat-${c.id}`} class="card-title">${c.name}</h2>
      ${c.description && html`<p class="small muted">${c.description}</p>`}
      <ul class="plain stack">${articles.filter((a) => a.category === c.id).map((a) => html`<li key=${a.id}>
        <a href=${`/kb/${a.slug}`}>${a.title}</a></li>`)}</ul>
    </section>`)}
  </div>`;
}

export default function KnowledgeBase({ query }) {
  const q = (query.get('q') || '').trim();
  const [text, setText] = useState(q);
  const submit = (e) => { e.preventDefault(); setQuery({ q: text.trim() }); };
  return html`<${PageHeader} title="Knowledge base" lead="Answers to common questions, guides and how-tos." />
    <form role="search" onSubmit=${submit} class="field">
      <label for="kb-q">Search the knowledge base</label>
      <div class="kb-search">
        <input id="kb-q" type="search" name="q" value=${text} onInput=${(e) => setText(e.target.value)} aria-describedby="kb-q-hint" />
        <button type="submit" class="btn btn-primary">Search</button>
      </div>
      <p class="hint" id="kb-q-hint">For example: reset root password, invoice, SSH key.</p>
    </form>
    <div class="section">
      ${q ? html`<p><button type="button" class="btn-link" onClick=${() => { setText(''); setQuery({ q: '' }); }}>All articles</button></p><${Search} q=${q} />` : html`<${Browse} />`}
    </div>
    <p class="section muted">Also see our <a href="/announcements">announcements</a>.</p>`;
}
