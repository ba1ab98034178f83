// Search across every project: words and "phrases" over prompts, texts, notes and tags, plus
// filters (`cfg > 9`, `seed = 42`, `model:tiny-sd`, `tag:keep`, `is:starred`). Results show the
// matching snippet with the words marked and how each version was made; a click opens the version
// in its document, and two to four picked results open in the compare view.
//
// Test ids:
//   search-view / search-query (the field; Enter searches) / search-run / search-scope (all projects or one) / search-syntax (the hint) /
//   search-error (BAD_INPUT and other failures, with the hint) / search-terms / search-term /
//   search-total (data-total) / search-empty / search-results / search-result (data-iteration-id,
//   data-kind, data-document-id) / search-result-open / search-result-pick (checkbox) /
//   search-result-snippet (marks: search-hit) / search-result-recipe / search-compare (data-count) /
//   search-more
import { GitCompareArrows, Image as ImageIcon, Search, Star, FileText } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { SearchResponse, SearchResult, SearchSnippet } from '../../../shared/contract';
import type { SearchTerm } from '../../../shared/search/query';
import { AtelierError } from '../../../shared/errors';
import { useClient } from '../../app/ClientContext';
import { fieldError } from '../../app/fieldError';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { formatFull, formatRelative } from '../../ui/formatTime';
import { MAX_COMPARE, MIN_COMPARE, togglePick, useNavigation } from '../compare/navigation';
import { useProjects } from '../projects/useProjects';
import './search.css';

const PAGE = 50;

export const SYNTAX: { example: string; meaning: string }[] = [
  { example: 'lighthouse dawn', meaning: 'all these words' },
  { example: '"old house"', meaning: 'a phrase' },
  { example: 'cfg > 9', meaning: 'numbers: = != > >= < <=' },
  { example: 'seed = 42', meaning: 'one seed' },
  { example: 'model:tiny-sd', meaning: 'model, scheduler, device' },
  { example: 'tag:keep', meaning: 'a tag' },
  { example: 'is:starred', meaning: 'starred only' },
  { example: '-word', meaning: 'leave out' },
];

export function termLabel(t: SearchTerm): string {
  const not = t.negate ? 'not ' : '';
  switch (t.type) {
    case 'text':
      return `${not}${t.column ? `${t.column}: ` : ''}${t.phrase ? `"${t.text}"` : t.text}${t.prefix ? '*' : ''}`;
    case 'number':
      return `${not}${t.key} ${t.op} ${t.value}`;
    case 'label':
      return `${not}${t.field}: ${t.value}`;
    case 'tag':
      return `${not}tag: ${t.value}`;
    case 'kind':
      return `${not}${t.value}s`;
    case 'flag':
      return `${not}${t.flag}`;
    case 'date':
      return `${not}date ${t.from ? new Date(t.from).toISOString().slice(0, 10) : '…'}–${t.to ? new Date(t.to).toISOString().slice(0, 10) : '…'}`;
    default:
      return JSON.stringify(t);
  }
}

interface SearchViewProps {
  query: string;
  /** The query changed here (the shell keeps it, so Back and the top-bar box agree). */
  onQuery(q: string): void;
}

interface State {
  q: string;
  response: SearchResponse | null;
  results: SearchResult[];
  error: { message: string; at: number | null } | null;
  loading: boolean;
}

export function SearchView({ query, onQuery }: SearchViewProps) {
  const client = useClient();
  const nav = useNavigation();
  const [draft, setDraft] = useState(query);
  const [state, setState] = useState<State>({ q: '', response: null, results: [], error: null, loading: false });
  const [picked, setPicked] = useState<string[]>([]);
  const { projects } = useProjects();
  const [scope, setScope] = useState('');

  useEffect(() => {
    setDraft(query);
    setPicked([]);
  }, [query]);

  useEffect(() => {
    setPicked([]);
  }, [scope]);

  useEffect(() => {
    if (!query.trim()) {
      setState({ q: query, response: null, results: [], error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    client.call('search.query', { q: query, limit: PAGE, offset: 0, ...(scope ? { projectId: scope } : {}) }).then(
      (response) => {
        if (live) setState({ q: query, response, results: response.results, error: null, loading: false });
      },
      (err: unknown) => {
        if (!live) return;
        const at = err instanceof AtelierError && typeof (err.details as { at?: unknown } | undefined)?.at === 'number' ? (err.details as { at: number }).at : null;
        setState({ q: query, response: null, results: [], error: { message: fieldError(err, 'q', 'search'), at }, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [client, query, scope]);

  async function more() {
    const response = await client.call('search.query', { q: state.q, limit: PAGE, offset: state.results.length, ...(scope ? { projectId: scope } : {}) });
    setState((s) => (s.q === state.q ? { ...s, response, results: [...s.results, ...response.results] } : s));
  }

  const pickedResults = picked.map((id) => state.results.find((r) => r.iterationId === id)).filter((r): r is SearchResult => !!r);
  const mixed = new Set(pickedResults.map((r) => r.kind)).size > 1;
  const canCompare = picked.length >= MIN_COMPARE && picked.length <= MAX_COMPARE && !mixed;

  return (
    <section className="page search" aria-labelledby="search-title" data-testid="search-view">
      <header className="page-header">
        <h1 id="search-title" className="page-title">
          Search
        </h1>
      </header>
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPicked([]);
          onQuery(draft.trim());
        }}
      >
        <div className="search-field">
          <Search size={16} aria-hidden />
          <input
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder='Words, "phrases", cfg > 9, seed = 42, model:…, tag:…, is:starred'
            aria-label="Search every project"
            aria-describedby="search-syntax"
            aria-invalid={state.error !== null}
            data-testid="search-query"
            autoFocus
          />
        </div>
        <select value={scope} onChange={(e) => setScope(e.target.value)} aria-label="Where to search" className="search-scope" data-testid="search-scope">
          <option value="">All projects</option>
          {projects?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <Button variant="primary" type="submit" data-testid="search-run">
          Search
        </Button>
      </form>
      <SyntaxHint />
      {state.error && <SearchError q={state.q} error={state.error} />}
      {state.response && (
        <div className="search-summary">
          <span className="muted small" data-testid="search-total" data-total={state.response.total}>
            {state.response.total === 0
              ? 'No versions match.'
              : `${state.response.total}${state.response.totalCapped ? '+' : ''} version${state.response.total === 1 ? '' : 's'} · ${state.response.tookMs} ms`}
          </span>
          {state.response.terms.length > 0 && (
            <span className="search-terms" data-testid="search-terms" aria-label="The query as understood">
              {state.response.terms.map((t, i) => (
                <span key={i} className="search-term" data-testid="search-term">
                  {termLabel(t)}
                </span>
              ))}
            </span>
          )}
          <span className="search-compare">
            <span className="muted small">
              {picked.length === 0 ? 'Tick 2–4 results to compare them.' : mixed ? 'Pick only texts or only images.' : `${picked.length} picked`}
            </span>
            <Button
              small
              variant="primary"
              icon={<GitCompareArrows size={14} />}
              disabled={!canCompare || !nav}
              onClick={() => nav?.openCompare(picked)}
              data-testid="search-compare"
              data-count={picked.length}
            >
              Compare
            </Button>
          </span>
        </div>
      )}
      {state.response && state.results.length === 0 && (
        <p className="muted" data-testid="search-empty">
          Nothing matched “{state.q}”. Try fewer words, or a filter such as <code>is:starred</code>.
        </p>
      )}
      {state.results.length > 0 && (
        <ul className="search-results" data-testid="search-results" aria-label="Results">
          {state.results.map((r) => (
            <ResultRow
              key={r.iterationId}
              result={r}
              picked={picked.includes(r.iterationId)}
              onPick={() => setPicked((p) => togglePick(p, r.iterationId))}
              onOpen={() =>
                nav?.openVersion({ projectId: r.projectId, documentId: r.documentId, documentTitle: r.documentTitle, iterationId: r.iterationId })
              }
            />
          ))}
        </ul>
      )}
      {state.response && state.results.length < Math.min(state.response.total, 10_000) && (
        <Button small onClick={() => void more()} data-testid="search-more">
          Show more
        </Button>
      )}
    </section>
  );
}

function SyntaxHint() {
  return (
    <p className="search-syntax muted small" id="search-syntax" data-testid="search-syntax">
      {SYNTAX.map((s, i) => (
        <span key={s.example} title={s.meaning}>
          {i > 0 && ' · '}
          <code>{s.example}</code> <span className="search-syntax-meaning">{s.meaning}</span>
        </span>
      ))}
    </p>
  );
}

function SearchError({ q, error }: { q: string; error: { message: string; at: number | null } }) {
  return (
    <div className="search-error" role="alert" data-testid="search-error">
      <p className="inline-error">
        <span>{error.message}</span>
      </p>
      {error.at !== null && error.at <= q.length && (
        <pre className="search-error-at small" aria-label={`at character ${error.at + 1}`}>
          {q}
          {'\n'}
          {' '.repeat(error.at)}^
        </pre>
      )}
    </div>
  );
}

function Highlighted({ snippet }: { snippet: SearchSnippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of snippet.highlights) {
    if (s > at) parts.push(snippet.text.slice(at, s));
    parts.push(
      <mark key={s} className="search-hit" data-testid="search-hit">
        {snippet.text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

function ResultRow({ result: r, picked, onPick, onOpen }: { result: SearchResult; picked: boolean; onPick(): void; onOpen(): void }) {
  return (
    <li
      className={picked ? 'search-result search-result-picked' : 'search-result'}
      data-testid="search-result"
      data-iteration-id={r.iterationId}
      data-document-id={r.documentId}
      data-kind={r.kind}
    >
      <input type="checkbox" checked={picked} onChange={onPick} aria-label={`Pick ${r.documentTitle} to compare`} data-testid="search-result-pick" />
      {r.kind === 'image' ? <ResultThumb id={r.iterationId} /> : <span className="search-kind" aria-hidden><FileText size={16} /></span>}
      <button type="button" className="search-result-main" onClick={onOpen} data-testid="search-result-open">
        <span className="search-result-title">
          {r.kind === 'image' && <ImageIcon size={12} aria-hidden />} {r.projectName} ▸ {r.documentTitle}
          {r.starred && <Star size={12} fill="currentColor" aria-label="starred" />}
          {r.trashed && <span className="search-badge">in trash</span>}
          {r.tags.map((t) => (
            <span key={t} className="search-badge">
              #{t}
            </span>
          ))}
        </span>
        <span className="search-result-snippet" data-testid="search-result-snippet">
          {r.snippet.field && r.snippet.field !== 'output' && <span className="search-field-name">{r.snippet.field}: </span>}
          <Highlighted snippet={r.snippet} />
        </span>
        <span className="search-result-recipe muted small" data-testid="search-result-recipe">
          {r.recipe.line} · <time title={formatFull(r.createdAt)}>{formatRelative(r.createdAt)}</time>
        </span>
      </button>
    </li>
  );
}

function ResultThumb({ id }: { id: string }) {
  // A thumbnail that cannot be read is left blank: the row still says what the version is.
  const url = useLiveQuery(id, (c) => c.call('images.get', { id, maxSide: 64 })).data?.dataUrl;
  return <span className="search-thumb">{url && <img src={url} alt="" />}</span>;
}
