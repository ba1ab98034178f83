// Which execution providers can run a model, and in what order a job tries them. Pure data rules,
// shared by the host (which plans jobs) and the renderer (which explains the plan).
//
// "Can run it" = what this machine offers ∩ what the model's operators allow:
// - onnxruntime places nodes an accelerator lacks on the CPU, so a graph of standard ai.onnx ops
//   runs on every provider this machine offers;
// - graphs with com.microsoft contrib ops (MatMulNBits, GroupQueryAttention, … in the int4 LLM
//   exports) need a provider that implements them: CPU, CUDA, DirectML and WebGPU do; CoreML only
//   takes ai.onnx ops, so such a model would run almost entirely on the CPU — not offered;
// - integer-matmul graphs (int8/uint8 dynamic quantisation: MatMulInteger, DynamicQuantizeLinear
//   and their fused forms) have no WebGPU kernels, so WebGPU is not offered for them. Decided by
//   the operators in the graph, not the file name: a weight-only int8 export (MatMulNBits with
//   bits = 8, often named model_quantized.onnx too) has WebGPU kernels and is offered.
import type { ModelKind } from './contract/models';

/** Accelerators Auto prefers, best first; CPU always comes last. */
export const GPU_PREFERENCE = ['cuda', 'dml', 'coreml', 'webgpu'] as const;

/** What a model's ONNX files use, read from their headers. */
export interface ModelOps {
  /** Operator-set domains imported by any of its ONNX files ('' is ai.onnx). */
  domains: string[];
  /** The precision its file names say (fp32, fp16, int8, uint8, q4, q4f16…), null when unknown (shown, not used for rules). */
  quantisation: string | null;
  /** Operator types its graphs use (`MatMul`, `com.microsoft:MatMulNBits`); empty when unreadable. */
  operators: string[];
}

/** Integer-matmul operators of dynamic int8 quantisation (ai.onnx and onnxruntime's fusions of them). */
export const INTEGER_MATMUL_OPS = ['MatMulInteger', 'ConvInteger', 'DynamicQuantizeLinear', 'com.microsoft:MatMulIntegerToFloat', 'com.microsoft:DynamicQuantizeMatMul'];

export interface ProviderFit {
  provider: string;
  /** True when this machine offers it and the model's operators allow it. */
  ok: boolean;
  /** Why not, in words (null when ok). */
  reason: string | null;
}

const CONTRIB_OK = new Set(['cpu', 'cuda', 'dml', 'webgpu']);

/** Every provider this machine offers, each with whether this model can use it and why not. */
export function providerFits(_kind: ModelKind, ops: ModelOps, offered: readonly string[]): ProviderFit[] {
  const usesContrib = ops.domains.some((d) => d !== '' && d !== 'ai.onnx' && d !== 'ai.onnx.ml');
  const integerOps = ops.operators.filter((op) => INTEGER_MATMUL_OPS.includes(op));
  const ordered = [...GPU_PREFERENCE.filter((p) => offered.includes(p)), 'cpu'];
  return ordered.map((provider) => {
    if (usesContrib && !CONTRIB_OK.has(provider)) {
      return { provider, ok: false, reason: `its graph uses ${ops.domains.filter((d) => d !== '').join(', ')} operators that ${provider} does not implement` };
    }
    if (integerOps.length > 0 && provider === 'webgpu') {
      const names = integerOps.map((op) => op.slice(op.indexOf(':') + 1)).join(', ');
      return { provider, ok: false, reason: `WebGPU has no kernels for int8 matrix multiplication (its graph uses ${names})` };
    }
    return { provider, ok: true, reason: null };
  });
}

/**
 * The choice that applies to a job: the request's own when it names a provider, else the model's
 * override, else the global setting; 'auto' when none does.
 */
export function effectiveChoice(request: string, model: string | null, global: string): string {
  if (request !== 'auto') return request;
  if (model && model !== 'auto') return model;
  return global;
}

/**
 * The providers a job tries, in order: Auto = the best provider the machine offers and the model
 * allows, then CPU; a named provider is tried first (even one that is not offered: its failure is
 * the reason recorded), then CPU.
 */
export function providerOrder(choice: string, fits: readonly ProviderFit[]): string[] {
  if (choice === 'cpu') return ['cpu'];
  if (choice !== 'auto') return [choice, 'cpu'];
  const best = fits.find((f) => f.ok && f.provider !== 'cpu');
  return best ? [best.provider, 'cpu'] : ['cpu'];
}
