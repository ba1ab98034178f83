// A model picker's placeholder: loading until the list has answered, "none" only once it has.
import { describe, expect, it } from 'vitest';
import { MODELS_LOADING, pickerEmptyLabel } from '../../renderer/features/models/pickerLabel';

describe('pickerEmptyLabel', () => {
  it('says the list is loading before it has answered, whatever is chosen', () => {
    expect(pickerEmptyLabel(null, 0, 'starter-gan', 'No image models')).toBe('Loading models…');
    expect(MODELS_LOADING).toBe('Loading models…');
  });

  it('says the list could not be had when it failed, not that there are none', () => {
    expect(pickerEmptyLabel(null, 0, 'starter-gan', 'No image models', 'connection lost')).toBe('Model list unavailable');
  });

  it('says none only once an empty list has answered, and names a chosen model missing from a full one', () => {
    expect(pickerEmptyLabel([], 0, 'starter-gan', 'No image models')).toBe('No image models');
    expect(pickerEmptyLabel([{}, {}], 2, 'tiny-sd', 'No image models')).toBe('tiny-sd (not installed)');
  });
});
