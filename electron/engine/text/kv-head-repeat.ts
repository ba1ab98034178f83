// The K/V head repeat of grouped-query attention (Llama, Qwen2, SmolLM, Mistral, Phi-3: fewer
// K/V heads than query heads), as exports write it: a new axis after the heads (Unsqueeze), `rep`
// copies along it (Tile, or Expand of the size-1 axis), then the two axes read as one of
// kvHeads·rep heads (Reshape), so query head h reads K/V head ⌊h / rep⌋. Applied to the past
// every step, that copies the whole past rep times. kv-in-place.ts recognises the chain here and
// skips it: the K/V keep their kvHeads and the query's heads are grouped instead. The sizes may be
// constants or, as torch.onnx exports repeat_kv, computed at run time from the repeated tensor's
// Shape (shape-elements.ts reads them); those must be exactly the repeat, and the nodes computing
// them go with it.
import type { onnx } from 'onnx-proto';
import { shapeElements, type Elem, type ShapeGraph } from './shape-elements';

type Dim = number | string;

export interface HeadRepeat<N> {
  /**
   * The chain, first to last: Unsqueeze, Tile or Expand, Reshape; then the nodes that computed
   * its sizes at run time and are read by nothing else (they go with it).
   */
  nodes: N[];
  /** The repeated tensor (the Reshape's output): the K/V with kvHeads·rep heads. */
  output: string;
  rep: number;
}

export interface GraphView<N> extends ShapeGraph<N> {
  consumers(name: string): N[];
  isOutput(name: string): boolean;
}

const int = (v: unknown): number => Number(String(v));

/**
 * The repeat starting at `unsqueeze`, which reads a tensor of `dims` whose axis `heads` holds the
 * K/V heads (a number); null when the chain is anything else (then the caller moves each node
 * over the past as it is), or why not when it is the chain with sizes computed at run time that
 * are not exactly the repeat (the caller cannot move those).
 */
export function findHeadRepeat<N extends { node: onnx.NodeProto }>(unsqueeze: N, dims: readonly Dim[], heads: number, graph: GraphView<N>): HeadRepeat<N> | { reason: string } | null {
  const kvHeads = dims[heads];
  if (heads < 0 || typeof kvHeads !== 'number') return null;
  const rank = dims.length;
  const source = unsqueeze.node.input[0] as string;
  const only = (n: onnx.NodeProto, opType: string): N | null => {
    const out = n.output[0];
    if (n.output.length !== 1 || !out || graph.isOutput(out)) return null;
    const next = graph.consumers(out);
    const node = next.length === 1 ? (next[0] as N) : null;
    if (!node || node.node.opType !== opType && !(opType === 'Tile|Expand' && ['Tile', 'Expand'].includes(node.node.opType))) return null;
    if ((node.node.domain ?? '') !== '' || node.node.input[0] !== out) return null;
    return node;
  };
  const consts = (name: string | undefined) => (name ? graph.constant(name)?.values ?? null : null);
  // Unsqueeze: one new axis, right after the heads.
  const axes = consts(unsqueeze.node.input[1]);
  if (!axes || axes.length !== 1) return null;
  const axis = (axes[0] as number) < 0 ? (axes[0] as number) + rank + 1 : (axes[0] as number);
  if (axis !== heads + 1) return null;
  const copy = only(unsqueeze.node, 'Tile|Expand');
  const reshape = copy ? only(copy.node, 'Reshape') : null;
  if (!copy || !reshape) return null;
  // The sizes, constant or computed at run time from shapes.
  const computed = new Set<N>();
  const sizesOf = (n: N): Elem[] | null => {
    const name = n.node.input[1] as string;
    const c = consts(name);
    if (c) return c;
    const e = shapeElements(name, graph);
    e?.nodes.forEach((x) => computed.add(x));
    return e?.elems ?? null;
  };
  const [sizes, shape] = [sizesOf(copy), sizesOf(reshape)];
  const dynamic = computed.size > 0;
  const no = (why: string) => (dynamic ? { reason: `the K/V head repeat ${copy.node.name} → ${reshape.node.name} ${why}` } : null);
  if (!sizes || !shape) return no(`has sizes computed by something other than shapes and constants`);
  // `e` is dimension i of the repeated tensor: that dimension's size, or that tensor's own dimension.
  const own = (e: Elem, i: number) => (typeof e === 'number' ? e === dims[i] : e.of === source && e.axis === i && e.times === 1);
  const show = (e: Elem) => (typeof e === 'number' ? String(e) : `${e.times === 1 ? '' : `${e.times}·`}dimension ${e.axis} of ${e.of}`);
  // Tile or Expand: rep copies along the new axis only.
  let rep = 1;
  if (copy.node.opType === 'Tile') {
    if (sizes.length !== rank + 1 || sizes.some((s, i) => i !== axis && s !== 1)) return no('tiles more than the new axis');
    rep = typeof sizes[axis] === 'number' ? (sizes[axis] as number) : 0;
  } else {
    // Right-aligned broadcast; other axes 1 or their own size.
    if (sizes.length > rank + 1) return no('expands to a higher rank');
    for (let i = 0; i < rank + 1; i++) {
      const s = sizes[i - (rank + 1 - sizes.length)] ?? 1;
      if (i === axis) rep = typeof s === 'number' ? s : 0;
      else if (s !== 1 && !own(s, i < axis ? i : i - 1)) return no(`expands axis ${i} to ${show(s)}`);
    }
  }
  if (rep < 2) return no(`copies the heads ${show(sizes[axis] ?? 1)} times, not a constant of 2 or more`);
  // Reshape: the heads and the copies become one axis of kvHeads·rep; every other axis stays.
  if (shape.length !== rank) return no(`reshapes to rank ${shape.length}`);
  if (int(reshape.node.attribute.find((a) => a.name === 'allowzero')?.i ?? 0) !== 0) return no('has allowzero');
  if (shape.filter((s) => s === -1).length > 1) return no('reshapes with two -1');
  for (let i = 0; i < rank; i++) {
    const s = shape[i] as Elem;
    const merged = typeof s === 'number' ? s === kvHeads * rep : s.of === source && s.axis === heads && s.times === rep;
    const kept = i === heads ? merged : s === -1 || (s === 0 && i < heads) || own(s, i);
    if (!kept) return no(`reshapes axis ${i} to ${show(s)}${i === heads ? `, not ${kvHeads}·${rep} heads` : ''}`);
  }
  // The size computation goes with the repeat where nothing else reads it.
  const dead = new Set<N>([unsqueeze, copy, reshape]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const n of computed) {
      if (dead.has(n) || n.node.output.some((o) => !o || graph.isOutput(o) || graph.consumers(o).some((c) => !dead.has(c)))) continue;
      dead.add(n);
      grown = true;
    }
  }
  return { nodes: [...dead], output: reshape.node.output[0] as string, rep };
}
