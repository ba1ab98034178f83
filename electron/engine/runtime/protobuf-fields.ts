// The top-level fields of a protobuf message, located without decoding their payloads: enough to
// inspect an ONNX model's graph header (inputs, outputs, opsets) without copying its weights.

export interface Field {
  no: number;
  wire: number;
  /** For length-delimited fields: the payload's bounds; for the others, where the value starts. */
  start: number;
  end: number;
  /** Where the field's key (its tag) begins. */
  at: number;
}

export function varint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated protobuf varint');
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
}

export function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const tag = pos;
    const [key, p] = varint(buf, pos);
    const no = Math.floor(key / 8);
    const wire = key & 7;
    pos = p;
    if (wire === 2) {
      const [len, q] = varint(buf, pos);
      yield { no, wire, start: q, end: q + len, at: tag };
      pos = q + len;
      continue;
    }
    const at = pos;
    if (wire === 0) pos = varint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
    yield { no, wire, start: at, end: pos, at: tag };
  }
}
