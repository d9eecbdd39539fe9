import { html } from 'htm/preact';
import { render } from 'preact';
import { Empty } from './components/ui.ts';
import { ComparePage } from './pages/compare.ts';
import { EfficiencyPage } from './pages/efficiency.ts';
import { FamilyPage } from './pages/family.ts';
import { LeadersPage } from './pages/leaders.ts';
import { ModelPage } from './pages/model.ts';
import { ModelsPage } from './pages/models.ts';
import { OrgPage } from './pages/org.ts';
import { OrgsPage } from './pages/orgs.ts';
import { OverviewPage } from './pages/overview.ts';
import { VerifyPage } from './pages/verify.ts';
import { onLinkClick, useLocation } from './router.ts';
import './style.css';

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/models', 'Models'],
  ['/compare', 'Compare'],
  ['/efficiency', 'Efficiency'],
  ['/leaders', 'Leaders'],
  ['/orgs', 'Organisations'],
  ['/verify', 'Check an article'],
];

function route(path: string, query: URLSearchParams) {
  const decoded = decodeURIComponent(path);
  if (decoded === '/') return html`<${OverviewPage} />`;
  if (decoded === '/models') return html`<${ModelsPage} query=${query} />`;
  if (decoded.startsWith('/models/'))
    return html`<${ModelPage} key=${decoded} id=${decoded.slice('/models/'.length)} />`;
  if (decoded === '/compare') return html`<${ComparePage} query=${query} />`;
  if (decoded === '/efficiency') return html`<${EfficiencyPage} query=${query} />`;
  if (decoded === '/leaders') return html`<${LeadersPage} query=${query} />`;
  if (decoded === '/orgs') return html`<${OrgsPage} />`;
  if (decoded.startsWith('/orgs/'))
    return html`<${OrgPage} key=${decoded} id=${decoded.slice('/orgs/'.length)} />`;
  if (decoded.startsWith('/families/'))
    return html`<${FamilyPage} key=${decoded} slug=${decoded.slice('/families/'.length)} />`;
  if (decoded === '/verify') return html`<${VerifyPage} />`;
  return html`<h1>Not found</h1><${Empty}>No page at ${decoded}. <a href="/">Back to the overview</a>.<//>`;
}

function App() {
  const { path, query } = useLocation();
  const section =
    NAV.filter(([href]) => href !== '/' && path.startsWith(href)).map(([href]) => href)[0] ??
    (path === '/' ? '/' : null);
  return html`
    <header>
      <a class="brand" href="/">Open Model Observatory</a>
      <nav aria-label="Main">
        ${NAV.map(([href, label]) => html`<a href=${href} aria-current=${section === href ? 'page' : undefined}>${label}</a>`)}
      </nav>
    </header>
    <main id="main">${route(path, query)}</main>
    <footer>Every figure comes from the catalog's cited sources; the same numbers are at <a href="/api/openapi.json">/api</a>.</footer>
  `;
}

const root = document.getElementById('app');
if (root) {
  document.addEventListener('click', onLinkClick);
  render(html`<${App} />`, root);
}
