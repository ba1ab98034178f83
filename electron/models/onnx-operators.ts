// The operator types an ONNX file's graph uses, read from the file without loading it: the walk
// visits the graph's nodes (and the subgraphs of If/Loop/Scan attributes, and local functions)
// field by field and seeks past everything else, so weights — initializers, and Constant nodes'
// tensors — are never read. A multi-gigabyte decoder costs a few hundred KiB of reads.
//
// This works on the file, not on a buffer (protobuf-fields.ts reads a message already in memory):
// reading a whole model into memory to list its operators would cost more than the check saves.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { fields } from '../engine/runtime/protobuf-fields';
import { OnnxHeaderError, Reader } from './onnx-header';

// Field numbers (onnx.proto): ModelProto.graph 7, ModelProto.functions 25; GraphProto.node 1;
// FunctionProto.node 7; NodeProto.op_type 4, .attribute 5, .domain 7; AttributeProto.g 6, .graphs 11.
const MODEL_GRAPH = 7;
const MODEL_FUNCTIONS = 25;
const GRAPH_NODE = 1;
const FUNCTION_NODE = 7;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const NODE_DOMAIN = 7;
const ATTR_GRAPH = 6;
const ATTR_GRAPHS = 11;

/** Names longer than this are not operator names: the file is damaged. */
const MAX_NAME = 256;
/** Subgraphs nest (a Loop in an If): deeper than this is a malformed or hostile file. */
const MAX_DEPTH = 32;

interface Span {
  no: number;
  wire: number;
  start: number;
  end: number;
}

/** The fields of the message at [start, end) of the file; length-delimited payloads are not read. */
function* fileFields(r: Reader, start: number, end: number): Generator<Span> {
  let pos = start;
  while (pos < end) {
    const tag = r.varint(pos);
    const no = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    pos = tag.next;
    if (wire === 2) {
      const len = r.varint(pos);
      const s = len.next;
      if (s + len.value > end) throw new OnnxHeaderError(`it is truncated or damaged: a field at byte ${pos} runs past its message`);
      yield { no, wire, start: s, end: s + len.value };
      pos = s + len.value;
      continue;
    }
    const at = pos;
    if (wire === 0) pos = r.varint(pos).next;
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new OnnxHeaderError(`it is not an ONNX model (wire type ${wire} at byte ${at})`);
    yield { no, wire, start: at, end: pos };
  }
}

function text(r: Reader, f: Span): string {
  if (f.end - f.start > MAX_NAME) throw new OnnxHeaderError(`it is damaged: an operator name at byte ${f.start} is ${f.end - f.start} bytes long`);
  return Buffer.from(r.bytes(f.start, f.end - f.start)).toString('utf8');
}

/**
 * Every operator the file's graph uses, as `OpType` for the default domain and `domain:OpType`
 * otherwise (`com.microsoft:MatMulNBits`), sorted. Throws OnnxHeaderError for a file that is not
 * a readable ONNX model.
 */
export function readOnnxOperators(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const r = new Reader(fd, fstatSync(fd).size);
    const found = new Set<string>();
    const nodes = (start: number, end: number, nodeField: number, depth: number) => {
      if (depth > MAX_DEPTH) throw new OnnxHeaderError(`it nests subgraphs more than ${MAX_DEPTH} deep`);
      for (const n of fileFields(r, start, end)) {
        if (n.no !== nodeField || n.wire !== 2) continue;
        let op = '';
        let domain = '';
        for (const f of fileFields(r, n.start, n.end)) {
          if (f.wire !== 2) continue;
          if (f.no === NODE_OP_TYPE) op = text(r, f);
          else if (f.no === NODE_DOMAIN) domain = text(r, f);
          else if (f.no === NODE_ATTRIBUTE) {
            for (const a of fileFields(r, f.start, f.end)) {
              if (a.wire === 2 && (a.no === ATTR_GRAPH || a.no === ATTR_GRAPHS)) nodes(a.start, a.end, GRAPH_NODE, depth + 1);
            }
          }
        }
        if (op) found.add(domain === '' || domain === 'ai.onnx' ? op : `${domain}:${op}`);
      }
    };
    for (const f of fileFields(r, 0, r.size)) {
      if (f.wire !== 2) continue;
      if (f.no === MODEL_GRAPH) nodes(f.start, f.end, GRAPH_NODE, 0);
      else if (f.no === MODEL_FUNCTIONS) nodes(f.start, f.end, FUNCTION_NODE, 0);
    }
    return [...found].sort();
  } finally {
    closeSync(fd);
  }
}

/**
 * How many nodes the main graph has (subgraphs not counted): the optimised-graph cache's measure of
 * how much optimising a model costs. Bytes already in memory are walked in place; a file is read
 * field by field, weights skipped.
 */
export function countGraphNodes(model: string | Uint8Array): number {
  if (typeof model !== 'string') {
    let n = 0;
    for (const f of fields(model, 0, model.length)) {
      if (f.no !== MODEL_GRAPH || f.wire !== 2) continue;
      for (const g of fields(model, f.start, f.end)) if (g.no === GRAPH_NODE && g.wire === 2) n++;
    }
    return n;
  }
  const fd = openSync(model, 'r');
  try {
    const r = new Reader(fd, fstatSync(fd).size);
    let n = 0;
    for (const f of fileFields(r, 0, r.size)) {
      if (f.no !== MODEL_GRAPH || f.wire !== 2) continue;
      for (const g of fileFields(r, f.start, f.end)) if (g.no === GRAPH_NODE && g.wire === 2) n++;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}
