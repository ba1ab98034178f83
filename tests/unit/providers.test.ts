// The provider rules: which offered providers a model's operators allow, which choice applies to
// a job (request → model → global), and the order a job tries them in.
import { describe, expect, it } from 'vitest';
import { effectiveChoice, providerFits, providerOrder } from '../../shared/providers';

const plain = { domains: [''], quantisation: 'fp32', operators: ['Gather', 'MatMul'] };
const contrib = { domains: ['', 'com.microsoft'], quantisation: 'q4', operators: ['com.microsoft:MatMulNBits'] };
// Dynamic int8, named like fp32: the operators decide, not the name.
const int8 = { domains: [''], quantisation: 'fp32', operators: ['DynamicQuantizeLinear', 'MatMulInteger'] };
// Weight-only int8 (MatMulNBits, bits 8), named like int8: WebGPU has kernels for it.
const nbits8 = { domains: ['', 'com.microsoft'], quantisation: 'int8', operators: ['com.microsoft:MatMulNBits'] };

describe('providerFits', () => {
  it('lists every offered provider, best first, CPU last; standard ops run on all of them', () => {
    expect(providerFits('diffusion', plain, ['cpu', 'webgpu', 'cuda'])).toEqual([
      { provider: 'cuda', ok: true, reason: null },
      { provider: 'webgpu', ok: true, reason: null },
      { provider: 'cpu', ok: true, reason: null },
    ]);
    expect(providerFits('text', plain, ['cpu'])).toEqual([{ provider: 'cpu', ok: true, reason: null }]);
  });

  it('keeps contrib-op graphs off CoreML and integer-matmul graphs off WebGPU, saying why', () => {
    const fits = providerFits('text', contrib, ['cpu', 'coreml', 'webgpu']);
    expect(fits.map((f) => [f.provider, f.ok])).toEqual([
      ['coreml', false],
      ['webgpu', true],
      ['cpu', true],
    ]);
    expect(fits[0]?.reason).toBe('its graph uses com.microsoft operators that coreml does not implement');
    const q8 = providerFits('text', int8, ['cpu', 'webgpu']);
    expect(q8[0]).toEqual({ provider: 'webgpu', ok: false, reason: 'WebGPU has no kernels for int8 matrix multiplication (its graph uses DynamicQuantizeLinear, MatMulInteger)' });
    expect(q8[1]).toEqual({ provider: 'cpu', ok: true, reason: null });
    expect(providerFits('text', nbits8, ['cpu', 'webgpu']).map((f) => f.ok)).toEqual([true, true]);
  });
});

describe('effectiveChoice and providerOrder', () => {
  it('a named request wins, then the model override, then the global choice', () => {
    expect(effectiveChoice('cuda', 'webgpu', 'cpu')).toBe('cuda');
    expect(effectiveChoice('auto', 'webgpu', 'cpu')).toBe('webgpu');
    expect(effectiveChoice('auto', 'auto', 'cpu')).toBe('cpu');
    expect(effectiveChoice('auto', null, 'auto')).toBe('auto');
  });

  it('Auto takes the best allowed provider then CPU; a named one is tried even when not offered', () => {
    expect(providerOrder('auto', providerFits('gan', plain, ['cpu', 'webgpu', 'cuda']))).toEqual(['cuda', 'cpu']);
    expect(providerOrder('auto', providerFits('text', int8, ['cpu', 'webgpu']))).toEqual(['cpu']);
    expect(providerOrder('auto', providerFits('text', plain, ['cpu']))).toEqual(['cpu']);
    expect(providerOrder('webgpu', providerFits('text', plain, ['cpu']))).toEqual(['webgpu', 'cpu']);
    expect(providerOrder('cpu', providerFits('text', plain, ['cpu', 'cuda']))).toEqual(['cpu']);
  });
});
