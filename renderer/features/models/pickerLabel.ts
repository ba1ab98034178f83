// What a model picker says while it has no installed model to show: on a busy machine the window's
// first models.list can take seconds, and "none" before it answers would send people off to
// install a model they already have.
export const MODELS_LOADING = 'Loading models…';

/**
 * The picker's placeholder option for `model` when it is not among the `count` models it lists:
 * loading until the list has answered (`models` null), `none` only once it has.
 */
export function pickerEmptyLabel(models: readonly unknown[] | null, count: number, model: string, none: string, error: string | null = null): string {
  if (models === null) return error ? 'Model list unavailable' : MODELS_LOADING;
  return count === 0 ? none : `${model} (not installed)`;
}
