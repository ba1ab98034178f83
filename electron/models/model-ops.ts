// What a model's ONNX files use: the operator-set domains they import (from the header), the
// operator types their graphs hold (a walk that skips the weights) and the precision their names
// say. A text model loads one decoder file out of the precisions in its folder; only that one
// counts. Jobs ask for this on every plan, so each file's answer is kept by path, size and mtime.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelKind } from '../../shared/contract/models';
import type { ModelOps } from '../../shared/providers';
import { findOnnx } from '../engine/text/model-folder';
import { quantisationOf } from './inspect';
import { readOnnxHeader } from './onnx-header';
import { readOnnxOperators } from './onnx-operators';

interface FileOps {
  domains: string[];
  operators: string[];
}

const memo = new Map<string, FileOps>();

/** One file's domains and operators; a damaged file has none (the preflight reports it). */
function fileOps(path: string): FileOps {
  let key: string;
  try {
    const s = statSync(path);
    key = `${path}\u0000${s.size}\u0000${s.mtimeMs}`;
  } catch {
    return { domains: [], operators: [] };
  }
  const known = memo.get(key);
  if (known) return known;
  const out: FileOps = { domains: [], operators: [] };
  // A damaged file is the preflight's finding, not this one's.
  try {
    out.domains = readOnnxHeader(path).opsets.map((o) => (o.domain === 'ai.onnx' ? '' : o.domain));
  } catch {
    /* none known */
  }
  try {
    out.operators = readOnnxOperators(path);
  } catch {
    /* none known */
  }
  if (memo.size > 256) memo.clear();
  memo.set(key, out);
  return out;
}

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
  const operators = new Set<string>();
  for (const rel of onnx) {
    const ops = fileOps(join(dir, rel));
    for (const d of ops.domains) domains.add(d);
    for (const o of ops.operators) operators.add(o);
  }
  const quants = [...new Set(onnx.map(quantisationOf))];
  return { domains: [...domains].sort(), quantisation: quants.length ? quants.join(', ') : null, operators: [...operators].sort() };
}
