// A knowledge base article: the body as the server rendered it, a "was
// this helpful?" vote, and related articles.
import { html, useEffect, useState } from '../lib/html.js';
import { pb, hb } from '../lib/api.js';
import { useLoad, formatDay } from '../lib/client.js';
import { toProblem } from '../lib/errors.js';
import { Alert, Button, Empty, Loading, PageHeader, ServerHTML } from '../components/ui.js';
import { LoadProblem, problemText } from '../components/client_layout.js';

function Vote({ article }) {
  const [answer, setAnswer] = useState(null);
  const [busy, setBusy] = useState('');
  const [problem, setProblem] = useState(null);
  const vote = async (helpful) => {
    setBusy(helpful ? 'yes' : 'no'); setProblem(null);
    try {
      setAnswer(await hb(`/kb/articles/${encodeURIComponent(article.id)}/vote`, { method: 'POST', body: { helpful } }));
    } catch (err) {
      setProblem(toProblem(err));
    }
    setBusy('');
  };
  return html`<section class="card stack" aria-labelledby="vote-h">
    <h2 id="vote-h" class="card-title">Was this helpful?</h2>
    ${answer ? html`<p role="status">Thank you for telling us.${answer.helpful ? '' : html` Still stuck? <a href="/client/tickets/new">Ask our team</a>.`}</p>`
      : html`<div class="vote">
        <${Button} variant="secondary" busy=${busy === 'yes'} onClick=${() => vote(true)}>Yes</${Button}>
        <${Button} variant="secondary" busy=${busy === 'no'} onClick=${() => vote(false)}>No</${Button}>
      </div>`}
    ${problem && html`<${Alert} kind="error">${problemText(problem)}</${Alert}>`}
  </section>`;
}

function Related({ id }) {
  const list = useLoad(() => hb(`/kb/articles/${encodeURIComponent(id)}/related`), [id]);
  if (!list.data?.items?.length) return null;
  return html`<section class="stack" aria-labelledby="rel-h">
    <h2 id="rel-h">Related articles</h2>
    <ul class="list-rows">${list.data.items.map((a) => html`<li key=${a.id}><a class="row-link" href=${`/kb/${a.slug}`}>
      <span class="row-main"><strong>${a.title}</strong>${a.excerpt && html`<span class="small muted">${a.excerpt}</span>`}</span></a></li>`)}</ul>
  </section>`;
}

export default function Article({ params }) {
  const article = useLoad(() => pb.collection('kb_articles').getFirstListItem(pb.filter('slug = {:s} && status = "published"', { s: params.slug }), { expand: 'category' }), [params.slug]);
  useEffect(() => {
    // One view per visitor and day is counted by the server.
    if (article.data?.id) hb(`/kb/articles/${encodeURIComponent(article.data.id)}/view`, { method: 'POST' }).catch(() => {});
  }, [article.data?.id]);
  if (article.problem?.status === 404) {
    return html`<${PageHeader} title="Article not found" /><${Empty} title="This article is not here">
      <p>It may have moved.</p><a class="btn btn-primary" href="/kb">Search the knowledge base</a></${Empty}>`;
  }
  if (article.problem && !article.data) return html`<${LoadProblem} problem=${article.problem} retry=${article.reload} />`;
  if (!article.data) return html`<${Loading} label="Loading the article…" />`;
  const a = article.data;
  return html`<p class="small"><a href="/kb">Knowledge base</a>${a.expand?.category && html` › ${a.expand.category.name}`}</p>
    <${PageHeader} title=${a.title} lead=${a.published_at ? `Updated ${formatDay(a.updated || a.published_at)}` : ''} />
    <div class="split">
      <article class="card"><${ServerHTML} html=${a.body_html} /></article>
      <aside class="stack sticky"><${Vote} article=${a} /><${Related} id=${a.id} /></aside>
    </div>`;
}
