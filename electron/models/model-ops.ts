// What a model's ONNX files use, read from their headers (cheap: the graph is skipped): the
// operator-set domains they import and the precision their names say. A text model loads one
// decoder file out of the precisions in its folder; only that one counts.
import { join } from 'node:path';
import type { ModelKind } from '../../shared/contract/models';
import type { ModelOps } from '../../shared/providers';
import { findOnnx } from '../engine/text/model-folder';
import { quantisationOf } from './inspect';
import { readOnnxHeader } from './onnx-header';

export function modelOps(dir: string, kind: ModelKind, files: { path: string }[]): ModelOps {
  let onnx = files.map((f) => f.path).filter((p) => p.endsWith('.onnx'));
  if (kind === 'text') {
    try {
      const chosen = findOnnx(dir).slice(dir.length + 1).replaceAll('\\', '/');
      onnx = [chosen];
    } catch {
      /* no decoder: nothing can run it anyway */
    }
  }
  const domains = new Set<string>();
  for (const rel of onnx) {
    try {
      for (const o of readOnnxHeader(join(dir, rel)).opsets) domains.add(o.domain === 'ai.onnx' ? '' : o.domain);
    } catch {
      /* a damaged file is the preflight's finding, not this one's */
    }
  }
  const quants = [...new Set(onnx.map(quantisationOf))];
  return { domains: [...domains].sort(), quantisation: quants.length ? quants.join(', ') : null };
}
