// A shape tensor computed at run time, read symbolically. torch.onnx writes the sizes of
// `x.expand(b, kvH, rep, T, D)` and `x.reshape(b, kvH·rep, T, D)` as Shape(x) → Gather of one
// dimension → Unsqueeze → Concat with constants (Expand's also through Where(Equal(s, -1), 1, s),
// its handling of -1). Each element is worked out here as a number or as "dimension i of tensor
// X" (times a constant), so kv-head-repeat.ts can check that the sizes are exactly the repeat.
import type { onnx } from 'onnx-proto';

/** A shape element: a constant, or dimension `axis` of tensor `of`, times `times`. */
export type Elem = number | { of: string; axis: number; times: number };

export interface ShapeGraph<N> {
  producer(name: string): N | undefined;
  /** A constant int64 tensor's values and whether it is a scalar, or null when it is not one. */
  constant(name: string): { values: number[]; scalar: boolean } | null;
  /** The rank of a tensor when known. */
  rank(name: string): number | null;
}

/** A 1-D shape (or a scalar, one element), or the shape of a tensor of unknown rank from `from` on. */
type Val = { scalar: boolean; elems: Elem[] } | { shapeOf: string; from: number };

const int = (v: unknown): number => Number(String(v));

/**
 * The elements of the int64 tensor `name` and the nodes that compute it, or null when it is made
 * by anything but constants, Shape, Gather, Unsqueeze, Squeeze, Concat, Reshape to [-1], Cast,
 * Identity, a Mul by a constant and Where(Equal(s, c), a, s).
 */
export function shapeElements<N extends { node: onnx.NodeProto }>(name: string, graph: ShapeGraph<N>): { elems: Elem[]; nodes: Set<N> } | null {
  const nodes = new Set<N>();
  const attr = (n: onnx.NodeProto, a: string) => n.attribute.find((x) => x.name === a);
  const list = (v: Val | null): Elem[] | null => (v && 'elems' in v ? v.elems : null);
  const value = (x: string | undefined): Val | null => {
    if (!x) return null;
    const c = graph.constant(x);
    if (c) {
      const p = graph.producer(x);
      if (p) nodes.add(p);
      return { scalar: c.scalar, elems: c.values };
    }
    const p = graph.producer(x);
    if (!p || (p.node.domain ?? '') !== '' || p.node.output.length !== 1) return null;
    nodes.add(p);
    const n = p.node;
    switch (n.opType) {
      case 'Shape': {
        const of = n.input[0] as string;
        const rank = graph.rank(of);
        const start = int(attr(n, 'start')?.i ?? 0);
        const end = attr(n, 'end') ? int(attr(n, 'end')?.i) : null;
        if (rank === null) return end === null && start >= 0 ? { shapeOf: of, from: start } : null;
        const clamp = (v: number) => Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
        const elems: Elem[] = [];
        for (let i = clamp(start); i < clamp(end ?? rank); i++) elems.push({ of, axis: i, times: 1 });
        return { scalar: false, elems };
      }
      case 'Gather': {
        const data = value(n.input[0]);
        const indices = n.input[1] ? graph.constant(n.input[1]) : null;
        if (!data || !indices || int(attr(n, 'axis')?.i ?? 0) !== 0 || ('elems' in data && data.scalar)) return null;
        const elems: Elem[] = [];
        for (const i of indices.values) {
          if ('shapeOf' in data) {
            if (i < 0) return null;
            elems.push({ of: data.shapeOf, axis: data.from + i, times: 1 });
          } else {
            const e = data.elems[i < 0 ? i + data.elems.length : i];
            if (e === undefined) return null;
            elems.push(e);
          }
        }
        return { scalar: indices.scalar, elems };
      }
      case 'Unsqueeze':
      case 'Squeeze': {
        const v = value(n.input[0]);
        const axes = n.input[1] ? graph.constant(n.input[1])?.values : attr(n, 'axes')?.ints?.map(int);
        if (!v || !('elems' in v) || v.elems.length !== 1) return null;
        if (n.opType === 'Unsqueeze') return v.scalar && axes?.length === 1 && [0, -1].includes(axes[0] as number) ? { scalar: false, elems: v.elems } : null;
        return !v.scalar && (!axes || (axes.length === 1 && [0, -1].includes(axes[0] as number))) ? { scalar: true, elems: v.elems } : null;
      }
      case 'Concat': {
        if (int(attr(n, 'axis')?.i ?? 0) !== 0) return null;
        const elems: Elem[] = [];
        for (const i of n.input) {
          const v = value(i);
          if (!v || !('elems' in v) || v.scalar) return null;
          elems.push(...v.elems);
        }
        return { scalar: false, elems };
      }
      case 'Reshape': {
        const v = list(value(n.input[0]));
        const to = n.input[1] ? graph.constant(n.input[1])?.values : null;
        return v && to?.length === 1 && (to[0] === -1 || to[0] === v.length) ? { scalar: false, elems: v } : null;
      }
      case 'Cast':
      case 'Identity': {
        const v = value(n.input[0]);
        // 7: INT64.
        return n.opType === 'Identity' || int(attr(n, 'to')?.i) === 7 ? v : null;
      }
      case 'Mul': {
        const [a, b] = [n.input[0] as string, n.input[1] as string];
        const k = graph.constant(b) ?? graph.constant(a);
        const v = value(graph.constant(b) ? a : b);
        if (!k || k.values.length !== 1 || !v || !('elems' in v)) return null;
        const f = k.values[0] as number;
        return { scalar: v.scalar, elems: v.elems.map((e) => (typeof e === 'number' ? e * f : { ...e, times: e.times * f })) };
      }
      case 'Where': {
        // Where(Equal(s, c), a, s): an element of s equal to c's becomes a's. A dimension is never
        // negative, so one equals c only where c holds that same dimension.
        const eq = n.input[0] ? graph.producer(n.input[0]) : undefined;
        const s = n.input[2] as string;
        if (!eq || eq.node.opType !== 'Equal' || eq.node.input[0] !== s || (eq.node.domain ?? '') !== '') return null;
        nodes.add(eq);
        const c = graph.constant(eq.node.input[1] as string);
        const a = graph.constant(n.input[1] as string);
        const v = list(value(s));
        if (!c || !a || !v) return null;
        const at = (t: number[], i: number) => (t.length === 1 ? t[0] : t[i]) as number | undefined;
        const elems: Elem[] = [];
        for (let i = 0; i < v.length; i++) {
          const [e, ci, ai] = [v[i] as Elem, at(c.values, i), at(a.values, i)];
          if (ci === undefined || ai === undefined) return null;
          if (typeof e === 'number') elems.push(e === ci ? ai : e);
          else if (ci < 0) elems.push(e);
          else return null;
        }
        return { scalar: false, elems };
      }
      default:
        return null;
    }
  };
  const elems = list(value(name));
  return elems ? { elems, nodes } : null;
}
