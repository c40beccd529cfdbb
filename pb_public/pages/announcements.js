// Announcements: the newest first, each readable on its own page.
import { html } from '../lib/html.js';
import { pb } from '../lib/api.js';
import { useLoad, formatDay } from '../lib/client.js';
import { Empty, Loading, PageHeader, ServerHTML } from '../components/ui.js';
import { LoadProblem } from '../components/client_layout.js';

function One({ slug }) {
  const item = useLoad(() => pb.collection('announcements').getFirstListItem(pb.filter('slug = {:s}', { s: slug })), [slug]);
  if (item.problem?.status === 404) {
    return html`<${PageHeader} title="Announcement not found" /><${Empty} title="Nothing here"><a class="btn btn-primary" href="/announcements">All announcements</a></${Empty}>`;
  }
  if (item.problem && !item.data) return html`<${LoadProblem} problem=${item.problem} retry=${item.reload} />`;
  if (!item.data) return html`<${Loading} />`;
  const a = item.data;
  return html`<p class="small"><a href="/announcements">Announcements</a></p>
    <${PageHeader} title=${a.title} lead=${formatDay(a.publish_at || a.created)} />
    <article class="card"><${ServerHTML} html=${a.body_html} /></article>`;
}

function All() {
  const list = useLoad(() => pb.collection('announcements').getList(1, 30, { sort: '-publish_at,-created' }), []);
  let body;
  if (list.problem && !list.data) body = html`<${LoadProblem} problem=${list.problem} retry=${list.reload} />`;
  else if (!list.data) body = html`<${Loading} />`;
  else if (!list.data.items.length) body = html`<${Empty} title="No announcements"><p>News about our services appears here.</p></${Empty}>`;
  else {
    body = html`<ul class="plain stack">${list.data.items.map((a) => html`<li key=${a.id} class="card stack">
      <p class="small muted">${formatDay(a.publish_at || a.created)}${a.featured ? html` <span class="badge">Featured</span>` : ''}</p>
      <h2><a href=${`/announcements/${a.slug}`}>${a.title}</a></h2>
    </li>`)}</ul>`;
  }
  return html`<${PageHeader} title="Announcements" lead="News about our services, maintenance and offers." />${body}`;
}

export default function Announcements({ params }) {
  return params.slug ? html`<${One} slug=${params.slug} />` : html`<${All} />`;
}
