// The K/V head repeat of grouped-query attention (Llama, Qwen2, SmolLM, Mistral, Phi-3: fewer
// K/V heads than query heads), as exports write it: a new axis after the heads (Unsqueeze), `rep`
// copies along it (Tile, or Expand of the size-1 axis), then the two axes read as one of
// kvHeads·rep heads (Reshape), so query head h reads K/V head ⌊h / rep⌋. Applied to the past
// every step, that copies the whole past rep times. kv-in-place.ts recognises the chain here and
// skips it: the K/V keep their kvHeads and the query's heads are grouped instead.
import type { onnx } from 'onnx-proto';

type Dim = number | string;

export interface HeadRepeat<N> {
  /** The chain, first to last: Unsqueeze, Tile or Expand, Reshape. */
  nodes: N[];
  /** The repeated tensor (the Reshape's output): the K/V with kvHeads·rep heads. */
  output: string;
  rep: number;
}

export interface GraphView<N> {
  consumers(name: string): N[];
  isOutput(name: string): boolean;
  /** A constant int64 tensor's values, or null when the input is not one. */
  ints(name: string | undefined): number[] | null;
}

const int = (v: unknown): number => Number(String(v));

/**
 * The repeat starting at `unsqueeze`, which reads a tensor of `dims` whose axis `heads` holds the
 * K/V heads (a number), or null when the chain is anything else (then the caller moves each node
 * over the past as it is).
 */
export function findHeadRepeat<N extends { node: onnx.NodeProto }>(unsqueeze: N, dims: readonly Dim[], heads: number, graph: GraphView<N>): HeadRepeat<N> | null {
  const kvHeads = dims[heads];
  if (heads < 0 || typeof kvHeads !== 'number') return null;
  const rank = dims.length;
  const only = (n: onnx.NodeProto, opType: string): N | null => {
    const out = n.output[0];
    if (n.output.length !== 1 || !out || graph.isOutput(out)) return null;
    const next = graph.consumers(out);
    const node = next.length === 1 ? (next[0] as N) : null;
    if (!node || node.node.opType !== opType && !(opType === 'Tile|Expand' && ['Tile', 'Expand'].includes(node.node.opType))) return null;
    if ((node.node.domain ?? '') !== '' || node.node.input[0] !== out) return null;
    return node;
  };
  // Unsqueeze: one new axis, right after the heads.
  const axes = graph.ints(unsqueeze.node.input[1]);
  if (!axes || axes.length !== 1) return null;
  const axis = (axes[0] as number) < 0 ? (axes[0] as number) + rank + 1 : (axes[0] as number);
  if (axis !== heads + 1) return null;
  // Tile or Expand: rep copies along that axis only.
  const copy = only(unsqueeze.node, 'Tile|Expand');
  const sizes = copy ? graph.ints(copy.node.input[1]) : null;
  if (!copy || !sizes) return null;
  let rep = 1;
  if (copy.node.opType === 'Tile') {
    if (sizes.length !== rank + 1 || sizes.some((s, i) => i !== axis && s !== 1)) return null;
    rep = sizes[axis] as number;
  } else {
    // Right-aligned broadcast; other axes 1 or their own size.
    if (sizes.length > rank + 1) return null;
    const unsqueezed: Dim[] = [...dims.slice(0, axis), 1, ...dims.slice(axis)];
    for (let i = 0; i < rank + 1; i++) {
      const s = sizes[i - (rank + 1 - sizes.length)] ?? 1;
      if (i === axis) rep = s;
      else if (s !== 1 && s !== unsqueezed[i]) return null;
    }
  }
  if (rep < 2) return null;
  // Reshape: the heads and the copies become one axis of kvHeads·rep; every other axis stays.
  const reshape = only(copy.node, 'Reshape');
  const shape = reshape ? graph.ints(reshape.node.input[1]) : null;
  if (!reshape || !shape || shape.length !== rank) return null;
  if (int(reshape.node.attribute.find((a) => a.name === 'allowzero')?.i ?? 0) !== 0) return null;
  if (shape.filter((s) => s === -1).length > 1) return null;
  for (let i = 0; i < rank; i++) {
    const s = shape[i] as number;
    const d = dims[i];
    const kept = i === heads ? s === kvHeads * rep : s === -1 || (s === 0 && i < heads) || s === d;
    if (!kept) return null;
  }
  return { nodes: [unsqueeze, copy, reshape], output: reshape.node.output[0] as string, rep };
}
