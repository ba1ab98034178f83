// Reads the top of an ONNX ModelProto without loading the graph: IR version, producer and opset
// imports. The graph (usually almost the whole file) is skipped by seeking past it, so this is
// cheap even for multi-gigabyte files, and it can tell an empty, truncated or non-ONNX file apart
// before onnxruntime ever sees it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface OnnxHeader {
  irVersion: number | null;
  producer: string | null;
  /** Opset per domain ('' is the default ai.onnx domain). */
  opsets: { domain: string; version: number }[];
  sizeBytes: number;
}

/** A file that is not a readable ONNX model; the message says why in words. */
export class OnnxHeaderError extends Error {}

// ModelProto's fields and their wire types (0 varint, 2 length-delimited). Anything else at the
// top level means the file is not a ModelProto.
const MODEL_FIELDS: Record<number, number> = { 1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2 };
const GRAPH = 7;
const OPSET_IMPORT = 8;

/** Positional reads of a file through a 64 KiB window, so skipping a field costs nothing. */
export class Reader {
  private buf = Buffer.alloc(0);
  private bufAt = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** `n` bytes at `pos` (fewer at the end of the file). */
  bytes(pos: number, n: number): Buffer {
    if (pos >= this.bufAt && pos + n <= this.bufAt + this.buf.length) return this.buf.subarray(pos - this.bufAt, pos - this.bufAt + n);
    const want = Math.max(n, 64 * 1024);
    const buf = Buffer.alloc(Math.min(want, Math.max(0, this.size - pos)));
    const got = buf.length ? readSync(this.fd, buf, 0, buf.length, pos) : 0;
    this.buf = buf.subarray(0, got);
    this.bufAt = pos;
    return this.buf.subarray(0, Math.min(n, got));
  }

  /** A varint at `pos`: its value (exact up to 2^53) and the position after it. */
  varint(pos: number): { value: number; next: number } {
    const b = this.bytes(pos, 10);
    let value = 0;
    let scale = 1;
    for (let i = 0; i < b.length; i++) {
      const byte = b[i] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
    }
    if (pos + b.length >= this.size) throw new OnnxHeaderError(`it is truncated: the file ends inside a field at byte ${pos}`);
    throw new OnnxHeaderError(`it is not an ONNX model (malformed data at byte ${pos})`);
  }
}

function parseOpset(bytes: Buffer): { domain: string; version: number } {
  let pos = 0;
  let domain = '';
  let version = 0;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (wire === 0) {
      const v = readVarint(bytes, pos);
      pos = v.next;
      if (field === 2) version = v.value;
    } else if (wire === 2) {
      const len = readVarint(bytes, pos);
      pos = len.next;
      if (field === 1) domain = bytes.subarray(pos, pos + len.value).toString('utf8');
      pos += len.value;
    } else {
      throw new OnnxHeaderError('its opset_import entry is malformed');
    }
  }
  return { domain, version };
}

function readVarint(bytes: Buffer, pos: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < bytes.length && i < pos + 10; i++) {
    const byte = bytes[i] as number;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new OnnxHeaderError('its opset_import entry is malformed');
}

/**
 * Reads the header of an ONNX file. Throws OnnxHeaderError with a reason a person can act on:
 * "it is empty", "it is truncated: …", "it is not an ONNX model (…)", "it has no graph".
 */
export function readOnnxHeader(path: string): OnnxHeader {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new OnnxHeaderError('it is empty (0 bytes)');
    const r = new Reader(fd, size);
    const header: OnnxHeader = { irVersion: null, producer: null, opsets: [], sizeBytes: size };
    let hasGraph = false;
    let pos = 0;
    while (pos < size) {
      let tag: { value: number; next: number };
      try {
        tag = r.varint(pos);
      } catch (err) {
        if (pos === 0) throw new OnnxHeaderError('it is not an ONNX model (it does not start like one)');
        throw err;
      }
      const field = Math.floor(tag.value / 8);
      const wire = tag.value % 8;
      if (MODEL_FIELDS[field] !== wire) {
        throw new OnnxHeaderError(
          pos === 0
            ? 'it is not an ONNX model (it does not start like one)'
            : `it is not an ONNX model (unexpected data at byte ${pos}), or it is damaged`,
        );
      }
      pos = tag.next;
      if (wire === 0) {
        const v = r.varint(pos);
        if (field === 1) header.irVersion = v.value;
        pos = v.next;
        continue;
      }
      const len = r.varint(pos);
      pos = len.next;
      const end = pos + len.value;
      if (end > size) {
        const what = field === GRAPH ? 'the graph' : `field ${field}`;
        throw new OnnxHeaderError(`it is truncated: the file has ${size} bytes but ${what} runs to byte ${end} (an interrupted download or copy?)`);
      }
      if (field === GRAPH) hasGraph = true;
      else if (field === 2) header.producer = r.bytes(pos, Math.min(len.value, 200)).toString('utf8');
      else if (field === OPSET_IMPORT) {
        if (len.value > 4096) throw new OnnxHeaderError('its opset_import entry is malformed');
        header.opsets.push(parseOpset(Buffer.from(r.bytes(pos, len.value))));
      }
      pos = end;
    }
    if (!hasGraph) throw new OnnxHeaderError('it has no graph (not an ONNX model, or only its header was saved)');
    if (header.irVersion === null) throw new OnnxHeaderError('it has no IR version (not an ONNX model)');
    return header;
  } finally {
    closeSync(fd);
  }
}

/** The default-domain opset of a header (ai.onnx is '' or 'ai.onnx'); null when none is declared. */
export function defaultOpset(h: OnnxHeader): number | null {
  return h.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? null;
}
