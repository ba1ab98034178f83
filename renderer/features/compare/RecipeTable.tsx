// The recipe settings that differ among the compared versions, one column per version.
import { recipeDifferences, type RecipeDifference } from '../../../shared/compare/recipe-diff';
import { wordList } from '../../../shared/word-list';
import { LETTERS, type Item } from './compareTypes';

function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (v === null) return 'none';
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 80)}…` : v;
  if (typeof v === 'number') return String(Math.round(v * 1e4) / 1e4);
  return JSON.stringify(v);
}

/**
 * The settings that differ among the versions that have a recipe (one value per version, undefined
 * for those without). A version the writer wrote has none: beside it every setting of a generated
 * one would "differ", and the table would bury the texts.
 */
export function differencesAmongRecipes(recipes: unknown[]): RecipeDifference[] {
  const made = recipes.flatMap((r, i) => (r == null ? [] : [i]));
  if (made.length < 2) return [];
  return recipeDifferences(made.map((i) => recipes[i])).map((d) => ({ ...d, values: recipes.map((_, i) => (made.includes(i) ? d.values[made.indexOf(i)] : undefined)) }));
}

/** "A", "A and B", "A, B and C". */
function letterList(indices: number[]): string {
  return wordList(indices.map((i) => LETTERS[i] ?? '?'));
}

export function RecipeTable({ items, diffs }: { items: Item[]; diffs: RecipeDifference[] }) {
  const written = items.flatMap((x, i) => (x.it.recipe == null ? [i] : []));
  const made = items.length - written.length;
  const writtenNote =
    written.length > 0 ? `${letterList(written)} ${written.length === 1 ? 'was' : 'were'} written, not generated: no recipe to compare.` : null;
  if (diffs.length === 0) {
    let same: string | null = 'Made with the same recipe settings.';
    if (made < 2) same = null;
    else if (written.length > 0) same = `${letterList(items.flatMap((x, i) => (x.it.recipe == null ? [] : [i])))} were made with the same recipe settings.`;
    return (
      <p className="cmp-recipes-same muted small" data-testid="compare-recipes-same">
        {[same, writtenNote].filter(Boolean).join(' ')}
      </p>
    );
  }
  // Each value is measured against the first version that has a recipe.
  const ref = items.findIndex((x) => x.it.recipe != null);
  return (
    <div className="cmp-recipes" data-testid="compare-recipes" data-count={diffs.length}>
      {writtenNote && (
        <p className="muted small" data-testid="compare-recipes-written">
          {writtenNote}
        </p>
      )}
      <table>
        <caption className="section-label">Settings that differ</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            {items.map((_, i) => (
              <th scope="col" key={i}>
                {LETTERS[i]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {diffs.map((d) => (
            <tr key={d.path} data-testid="compare-recipe-row" data-path={d.path}>
              <th scope="row">{d.label}</th>
              {d.values.map((v, i) => (
                <td
                  key={i}
                  className={i !== ref && !written.includes(i) && JSON.stringify(v) !== JSON.stringify(d.values[ref]) ? 'cmp-differs' : undefined}
                >
                  {formatValue(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
