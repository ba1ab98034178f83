// A minimal WebAssembly binary writer: just enough to assemble the engine's few SIMD kernels in
// code (no toolchain, no .wasm file to build or ship). Functions take i32/f64 parameters, use
// i32/v128 locals and import one memory from JS; the op helpers below are the instructions they use.

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
export type ValType = typeof I32 | typeof F64 | typeof V128;
export const T = { i32: I32 as ValType, f64: F64 as ValType, v128: V128 as ValType };

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
const mem = (align: number): number[] => [align, 0];

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
  /** Locals after the parameters, in order: [count, type]. */
  locals: [number, ValType][];
  body: number[][];
}

/** A module importing its memory as `env.memory` and exporting the given functions (no results). */
export function assembleModule(funcs: WasmFunction[]): Uint8Array {
  const types = section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0])));
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]]));
  const decls = section(3, vec(funcs.map((_, i) => uleb(i))));
  const exports = section(7, vec(funcs.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)])));
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

/** An instance with a fresh memory of at least `bytes` bytes: its exports and the memory's buffer. */
export function instantiate(module: object, bytes: number): { exports: Record<string, unknown>; buffer: ArrayBuffer } {
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / 65536) });
  return { exports: new wasm.Instance(module, { env: { memory } }).exports, buffer: memory.buffer };
}
