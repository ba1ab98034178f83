// The compare view: two to four versions side by side. Texts get a word diff against the first
// (shared prefix collapsed) and only the recipe settings that differ; images get side by side,
// a wipe slider and a pixel-difference heat map with its score, all panes zoomed and panned together.
//
// Test ids:
//   compare-view (data-kind text|image|mixed, data-count) / compare-back / compare-error / compare-loading
//   compare-pane (data-iteration-id, data-index) / compare-pane-title / compare-pane-version ("Model · alt 2") /
//     compare-open (open that version)
//   compare-recipes (data-count) / compare-recipe-row (data-path) / compare-recipes-same /
//     compare-recipes-written (which versions were written, with no recipe)
//   text: compare-text (one per pane) / compare-prefix (collapsed shared start; click expands) /
//     compare-suffix / diff-added / diff-removed / compare-stats
//   image: compare-mode-side / compare-mode-slider / compare-mode-heatmap (aria-pressed) /
//     compare-against (which version the slider and heat map set against the first) /
//     compare-image (one per pane) / compare-slider-view (data-position) / compare-slider (range input) /
//     compare-heatmap (img) / compare-score / compare-psnr / compare-changed / compare-identical /
//     compare-zoom-in / compare-zoom-out / compare-zoom-fit / compare-zoom-level (data-zoom)
import { ArrowLeft } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useLiveQuery } from '../../app/useLiveQuery';
import { Button } from '../../ui/Button';
import { InlineError } from '../../ui/InlineError';
import { describe, firstAlternatives } from '../history/describe';
import type { CompareViewProps, Loaded } from './compareTypes';
import { RecipeTable, differencesAmongRecipes } from './RecipeTable';
import { TextCompare } from './TextCompare';
import { ImageCompare } from './ImageCompare';
import './compare.css';

export function CompareView({ ids, onBack, onOpenVersion }: CompareViewProps) {
  const key = ids.join(',');
  // The button that opened Compare is gone with its view: the keyboard starts at the heading.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const { data: current, error } = useLiveQuery(key, async (client): Promise<Loaded> => {
    const its = await Promise.all(key.split(',').map((id) => client.call('history.get', { id })));
    const docIds = [...new Set(its.map((it) => it.documentId))];
    const docs = await Promise.all(docIds.map((id) => client.call('documents.get', { id }).catch(() => null)));
    const byId = new Map(docs.filter((d): d is DocumentInfo => d !== null).map((d) => [d.id, d]));
    const firsts = firstAlternatives(its);
    return { items: its.map((it) => ({ it, doc: byId.get(it.documentId) ?? null, version: describe(it, firsts.has(it.id)).title })) };
  });

  const kinds = new Set(current?.items.map((x) => x.it.kind));
  const kind = kinds.size === 1 ? [...kinds][0] : kinds.size > 1 ? 'mixed' : undefined;
  const recipes = useMemo(() => (current ? differencesAmongRecipes(current.items.map((x) => x.it.recipe)) : []), [current]);

  return (
    <section className="page cmp" aria-labelledby="compare-title" data-testid="compare-view" data-kind={kind ?? ''} data-count={ids.length}>
      <header className="cmp-header">
        <Button small variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack} data-testid="compare-back">
          Back
        </Button>
        <h1 id="compare-title" className="cmp-title" tabIndex={-1} ref={title}>
          Compare {ids.length} {kind === 'image' ? 'images' : kind === 'text' ? 'texts' : 'versions'}
        </h1>
      </header>
      <InlineError message={error} testId="compare-error" />
      {ids.length < 2 || ids.length > 4 ? (
        <InlineError message="Pick two to four versions to compare." testId="compare-error" />
      ) : !current ? (
        !error && (
          <p className="muted" data-testid="compare-loading">
            Loading versions…
          </p>
        )
      ) : (
        <>
          <RecipeTable items={current.items} diffs={recipes} />
          {kind === 'text' ? (
            <TextCompare items={current.items} onOpen={onOpenVersion} />
          ) : kind === 'image' ? (
            <ImageCompare items={current.items} onOpen={onOpenVersion} />
          ) : (
            <InlineError message="These versions mix texts and images; pick only texts or only images to see their differences." testId="compare-error" />
          )}
        </>
      )}
    </section>
  );
}
