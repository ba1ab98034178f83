// The sentence the remove confirm and `atelier models remove` share, in its three shapes.
import { describe, expect, it } from 'vitest';
import { modelUsageSentence } from '../../shared/model-usage-words';

describe('modelUsageSentence', () => {
  it('counts versions and documents, singular and plural', () => {
    expect(modelUsageSentence({ versions: 0, documents: 0 })).toBe('No version was made with it.');
    expect(modelUsageSentence({ versions: 1, documents: 1 })).toBe('1 version in 1 document was made with it; it keeps its recipe.');
    expect(modelUsageSentence({ versions: 12, documents: 3 })).toBe('12 versions in 3 documents were made with it; they keep their recipes.');
    expect(modelUsageSentence({ versions: 2, documents: 1 })).toBe('2 versions in 1 document were made with it; they keep their recipes.');
  });
});
