// One line that names a version in the tree (who made it, how), for text and image versions alike.
import type { ImageRecipe, Iteration, TextRecipe } from '../../../shared/contract';
import { isTextRecipe } from '../write/exportDoc';

/** Alternatives from one run share the parent, model and seed; the recipe numbers them from 0. */
const runKey = (it: Iteration, r: TextRecipe) => `${it.parentIds[0] ?? ''}\u0000${r.model.id}\u0000${r.seed}`;

/**
 * The ids of versions that are alternative 1 of several. The recipe records only each version's
 * index, so "several" is read from the graph: a sibling from the same run with a higher index.
 */
export function firstAlternatives(iterations: readonly Iteration[]): ReadonlySet<string> {
  const runsWithMore = new Set<string>();
  for (const it of iterations) if (it.source === 'model' && isTextRecipe(it.recipe) && it.recipe.alternative > 0) runsWithMore.add(runKey(it, it.recipe));
  const firsts = new Set<string>();
  for (const it of iterations) if (it.source === 'model' && isTextRecipe(it.recipe) && it.recipe.alternative === 0 && runsWithMore.has(runKey(it, it.recipe))) firsts.add(it.id);
  return firsts;
}

/** `firstOfSeveral`: this version is alternative 1 of a run that made more (see firstAlternatives). */
export function describe(it: Iteration, firstOfSeveral = false): { title: string; detail: string | null } {
  const state = it.status === 'stopped' ? ' · stopped' : it.status === 'failed' ? ' · failed' : '';
  const image = it.recipe && (it.recipe as { kind?: string }).kind === 'image' ? (it.recipe as ImageRecipe) : null;
  if (it.kind === 'image') {
    if (image?.upscale) return { title: `Enhanced ×${image.upscale.scale}${state}`, detail: image.model.id };
    const how = image?.initIterationId ? 'Variation' : 'Image';
    return { title: `${how}${state}`, detail: image ? `${image.model.id} · seed ${image.seed} · ${image.width}×${image.height}` : null };
  }
  const recipe = isTextRecipe(it.recipe) ? it.recipe : null;
  if (it.source === 'model') {
    const alt = recipe && (recipe.alternative > 0 || firstOfSeveral) ? ` · alt ${recipe.alternative + 1}` : '';
    return { title: `Model${alt}${state}`, detail: recipe ? `${recipe.model.id} · seed ${recipe.seed}` : null };
  }
  if (it.source === 'mixed') return { title: 'Edit of model text', detail: null };
  return { title: it.parentIds.length ? 'Your edit' : 'First version', detail: null };
}

/** The first non-empty line of a text, shortened for one row. */
export function firstLine(text: string, max = 90): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * A row's line of text: what this version says that its parent does not (from the start of the
 * word where they part), or the first line for a first version. Texts in a tree share their
 * opening, so the opening alone would read the same on every row.
 */
export function excerpt(text: string, parentText: string | null, max = 90): string {
  if (parentText === null) return firstLine(text, max);
  const n = Math.min(text.length, parentText.length);
  let at = 0;
  while (at < n && text[at] === parentText[at]) at++;
  if (at === text.length && at === parentText.length) return 'Same text as its parent';
  // Nothing added, only cut from the end: the first line.
  if (at === text.length) return firstLine(text, max);
  while (at > 0 && !/\s/.test(text[at - 1] as string)) at--;
  const tail = text.slice(at).replace(/\s+/g, ' ').trim();
  if (!tail) return firstLine(text, max);
  const line = at > 0 ? `…${tail}` : tail;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
