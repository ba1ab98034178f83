// When Enhance asks first: past 8192 px a side or 64 MP (8192²), with a computed memory figure.
import { describe, expect, it } from 'vitest';
import { enhanceSize, largeEnhanceSentence, roughBytes } from '../../shared/enhance-size';

describe('enhanceSize', () => {
  it('lets the largest generated image (2048²) go ×4 without asking, and asks past it', () => {
    expect(enhanceSize(2048, 2048, 4)).toEqual({ width: 8192, height: 8192, memoryBytes: 8192 * 8192 * 9, large: false });
    expect(enhanceSize(2056, 2048, 4).large).toBe(true); // 8224 px wide
    expect(enhanceSize(4096, 4096, 2).large).toBe(false); // 8192² exactly
    expect(enhanceSize(4096, 4096, 4)).toEqual({ width: 16384, height: 16384, memoryBytes: 16384 * 16384 * 9, large: true });
    // A long strip under 8192 px a side but over 64 MP.
    expect(enhanceSize(2000, 2100, 4).large).toBe(true);
    expect(enhanceSize(448, 448, 4).large).toBe(false);
  });

  it('says the size and a rough memory figure', () => {
    expect(roughBytes(16384 * 16384 * 9)).toBe('2.4 GB');
    expect(roughBytes(610e6)).toBe('610 MB');
    expect(roughBytes(12e9)).toBe('12 GB');
    expect(largeEnhanceSentence(enhanceSize(4096, 4096, 4), 4)).toBe(
      'Enhance ×4 makes a 16384 × 16384 px image (268 MP): it can take many minutes of CPU and about 2.4 GB of memory (a rough estimate).',
    );
  });
});
