// A minimal WebAssembly binary writer: just enough to assemble the engine's few kernels in code
// (no toolchain, no .wasm file to build or ship). A module imports one memory and any JS functions
// from `env`; the op helpers below are the instructions the kernels use.

const I32 = 0x7f;
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;
export const T = { i32: I32 as ValType, f32: F32 as ValType, f64: F64 as ValType, v128: V128 as ValType };

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...Buffer.from(s, 'utf8')].map((b) => [b]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** memarg: alignment (log2 bytes) and a zero offset. */
const mem = (align: number, offset = 0): number[] => [align, ...uleb(offset)];
const f64Bytes = (v: number): number[] => [...new Uint8Array(new Float64Array([v]).buffer)];

/** The instructions the kernels use. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  /** if … else … end producing a value of `type`. */
  ifValue: (type: ValType) => [0x04, type],
  else: [0x05],
  call: (f: number) => [0x10, ...uleb(f)],
  /** a, b, cond → cond ? a : b */
  select: [0x1b],
  i32Eqz: [0x45],
  i32Clz: [0x67],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f64: (v: number) => [0x44, ...f64Bytes(v)],
  /** A float64 at address + offset. */
  f64Load: (offset: number) => [0x2b, ...mem(3, offset)],
  f32Store: [0x38, ...mem(2)],
  f32Eq: [0x5b],
  f64Ge: [0x66],
  f64Abs: [0x99],
  f64Sqrt: [0x9f],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  /** float64 → int32 toward zero (JS `| 0` for values in range). */
  i32TruncF64: [0xaa],
  f32Demote: [0xb6],
  f64FromI32: [0xb7],
  f64FromU32: [0xb8],
  /** Two float32 into the low half of a v128 (upper half zero). */
  load2xF32: simd(0x5d, ...mem(3)),
  /** The low two float32 lanes of a v128 to memory. */
  store2xF32: simd(0x5b, ...mem(3), 0),
  f64x2Splat: simd(0x14),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  /** The low two float32 lanes, widened to float64 (exact). */
  promoteLow: simd(0x5f),
  /** Two float64 rounded to float32 (to nearest, ties to even) into the low lanes. */
  demote: simd(0x5e),
};

export interface WasmFunction {
  exportName: string;
  params: ValType[];
  results?: ValType[];
  /** Locals after the parameters, in order: [count, type]. */
  locals: [number, ValType][];
  body: number[][];
}

/** A JS function the module imports as `env.<name>`; imports come first in the function indices. */
export interface WasmImport {
  name: string;
  params: ValType[];
  results: ValType[];
}

/** A module importing its memory as `env.memory` (and `imports`), exporting the given functions. */
export function assembleModule(funcs: WasmFunction[], imported: WasmImport[] = []): Uint8Array {
  const signature = (f: { params: ValType[]; results?: ValType[] }) => [0x60, ...vec(f.params.map((p) => [p])), ...vec((f.results ?? []).map((r) => [r]))];
  const types = section(1, vec([...imported, ...funcs].map(signature)));
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)], ...imported.map((f, i) => [...name('env'), ...name(f.name), 0x00, ...uleb(i)])]));
  const base = imported.length;
  const decls = section(3, vec(funcs.map((_, i) => uleb(base + i))));
  const exports = section(7, vec(funcs.map((f, i) => [...name(f.exportName), 0x00, ...uleb(base + i)])));
  const code = section(
    10,
    vec(
      funcs.map((f) => {
        const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body.flat(), 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...decls, ...exports, ...code]);
}

// The WebAssembly API, typed here: the engine's TypeScript libs (ES2023 + Node, no DOM) declare
// no WebAssembly values, though Node has them all.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Compiles assembled bytes (synchronously: the engine's modules are a few hundred bytes). */
export const compileModule = (bytes: Uint8Array): object => new wasm.Module(bytes);

/**
 * An instance with a fresh memory of at least `bytes` bytes (and the JS functions it imports):
 * its exports and the memory's buffer.
 */
export function instantiate(module: object, bytes: number, functions: Record<string, (...args: number[]) => number> = {}): { exports: Record<string, unknown>; buffer: ArrayBuffer } {
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65536) });
  return { exports: new wasm.Instance(module, { env: { memory, ...functions } }).exports, buffer: memory.buffer };
}
