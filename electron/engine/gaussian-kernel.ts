// Prng.gaussians() as WebAssembly: mulberry32 and box-muller-f32.ts's gaussianF32, operation for
// operation (the same integer ops, the same float64 operations in the same order, the same
// tables, the same float32 rounding), so the same values bit for bit. Where gaussianF32 falls back
// to the exact formula (u = 1, or a result too close to a float32 rounding boundary), this calls
// the same JS function. In JS the start noise was most of an image's work before its first UNet
// run (30 ns a value, 0.12 ms at 256², 0.5 ms at 512²); bounds-checked table reads and the
// uint32 ↔ double traffic of the draws are what the WebAssembly drops.
import { BOX_MULLER_TABLES as B, COS_ERROR, exactGaussianF32, LOG_ERROR } from './box-muller-f32';
import { assembleModule, compileModule, instantiate, op, T } from './wasm-module';

// The tables' places in memory (float64 each), then the output.
const TABLE_ORDER = ['INV_POW2', 'E_LOG', 'LOG_F', 'INV_F', 'K_AT', 'COS_K', 'SIN_K'] as const;
const AT: Record<(typeof TABLE_ORDER)[number], number> = {} as never;
let end = 0;
for (const name of TABLE_ORDER) {
  AT[name] = end;
  end += B[name].length * 8;
}
const OUT = Math.ceil(end / 16) * 16;

// gaussians(state, n, out) → state. Parameters, then locals (indices).
const [STATE, N, PTR] = [0, 1, 2];
const [I, A, BB, TI, M, E, K] = [3, 4, 5, 6, 7, 8, 9];
const [X, F, TT, S, R, R2, G, MARGIN] = [10, 11, 12, 13, 14, 15, 16, 17];
const LO = 18;

/** One mulberry32 draw into local `dest` (the state advances). */
const draw = (dest: number) => [
  op.get(STATE), op.i32(0x6d2b79f5), op.i32Add, op.set(STATE),
  op.get(STATE), op.get(STATE), op.i32(15), op.i32ShrU, op.i32Xor, op.get(STATE), op.i32(1), op.i32Or, op.i32Mul, op.set(TI),
  op.get(TI), op.get(TI), op.get(TI), op.get(TI), op.i32(7), op.i32ShrU, op.i32Xor, op.get(TI), op.i32(61), op.i32Or, op.i32Mul, op.i32Add, op.i32Xor, op.set(TI),
  op.get(TI), op.get(TI), op.i32(14), op.i32ShrU, op.i32Xor, op.set(dest),
];
/** table[local] as float64. */
const table = (name: (typeof TABLE_ORDER)[number], index: number) => [op.get(index), op.i32(3), op.i32Shl, op.f64Load(AT[name])];
const exact = [op.get(A), op.get(BB), op.call(0)];

// gaussianF32(a, b), as box-muller-f32.ts writes it.
const gaussian = [
  // x = 2π · (b / 2^32)
  op.f64(B.TWO_PI), op.get(BB), op.f64FromU32, op.f64(B.TWO_32), op.f64Div, op.f64Mul, op.set(X),
  op.get(A), op.i32Eqz, op.ifValue(T.f32), ...exact, op.else,
  // logOfDraw(2^32 − a): m = 2^e · f, k = ((f − 1)·1024) | 0, t = (f − 1 − k/1024) · INV_F[k]
  op.i32(0), op.get(A), op.i32Sub, op.set(M),
  op.i32(31), op.get(M), op.i32Clz, op.i32Sub, op.set(E),
  op.get(M), op.f64FromU32, ...table('INV_POW2', E), op.f64Mul, op.set(F),
  op.get(F), op.f64(1), op.f64Sub, op.f64(B.LOG_SEGMENTS), op.f64Mul, op.i32TruncF64, op.set(K),
  op.get(F), op.f64(1), op.f64Sub, op.get(K), op.f64FromI32, op.f64(B.LOG_SEGMENTS), op.f64Div, op.f64Sub, ...table('INV_F', K), op.f64Mul, op.set(TT),
  // s = √(−2 · (E_LOG[e] + LOG_F[k] + t·(1 − t·(1/2 − t·(1/3 − t·(1/4 − t·0.2))))))
  op.f64(-2),
  ...table('E_LOG', E), ...table('LOG_F', K), op.f64Add,
  op.get(TT), op.f64(1), op.get(TT), op.f64(0.5), op.get(TT), op.f64(1 / 3), op.get(TT), op.f64(0.25), op.get(TT), op.f64(0.2), op.f64Mul,
  op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul, op.f64Add,
  op.f64Mul, op.f64Sqrt, op.set(S),
  // cosOfDraw(x): k = (x · INV_H) | 0, r = x − K_AT[k]
  op.get(X), op.f64(B.INV_H), op.f64Mul, op.i32TruncF64, op.set(K),
  op.get(X), ...table('K_AT', K), op.f64Sub, op.set(R),
  op.get(R), op.get(R), op.f64Mul, op.set(R2),
  // g = s · (COS_K[k]·(1 − r²·(1/2 − r²·(1/24 − r²/720))) − SIN_K[k]·(r·(1 − r²·(1/6 − r²/120))))
  op.get(S),
  ...table('COS_K', K), op.f64(1), op.get(R2), op.f64(0.5), op.get(R2), op.f64(1 / 24), op.get(R2), op.f64(720), op.f64Div, op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul,
  ...table('SIN_K', K), op.get(R), op.f64(1), op.get(R2), op.f64(1 / 6), op.get(R2), op.f64(120), op.f64Div, op.f64Sub, op.f64Mul, op.f64Sub, op.f64Mul, op.f64Mul,
  op.f64Sub, op.f64Mul, op.set(G),
  // margin = (s ≥ 1/16 ? 64·LOG_ERROR : 4·LOG_ERROR / s) + 2·COS_ERROR·s + 2^-48·|g|
  op.f64(64 * LOG_ERROR), op.f64(4 * LOG_ERROR), op.get(S), op.f64Div, op.get(S), op.f64(1 / 16), op.f64Ge, op.select,
  op.f64(2 * COS_ERROR), op.get(S), op.f64Mul, op.f64Add,
  op.f64(2 ** -48), op.get(G), op.f64Abs, op.f64Mul, op.f64Add, op.set(MARGIN),
  // fround(g − margin) === fround(g + margin) ? it : the exact formula
  op.get(G), op.get(MARGIN), op.f64Sub, op.f32Demote, op.set(LO),
  op.get(LO), op.get(G), op.get(MARGIN), op.f64Add, op.f32Demote, op.f32Eq, op.ifValue(T.f32), op.get(LO), op.else, ...exact, op.end,
  op.end,
];

const MODULE = compileModule(
  assembleModule(
    [
      {
        exportName: 'gaussians',
        params: [T.i32, T.i32, T.i32],
        results: [T.i32],
        locals: [[7, T.i32], [8, T.f64], [1, T.f32]],
        body: [
          // for (i = 0; i < n; i++) out[i] = gaussianF32(draw, draw)
          op.i32(0), op.set(I), op.block, op.loop, op.get(I), op.get(N), op.i32GeU, op.brIf(1),
          ...draw(A), ...draw(BB),
          op.get(PTR), op.get(I), op.i32(2), op.i32Shl, op.i32Add, ...gaussian, op.f32Store,
          op.get(I), op.i32(1), op.i32Add, op.set(I), op.br(0), op.end, op.end,
          op.get(STATE),
        ],
      },
      // gaussianF32(a, b) alone, for tests on chosen draws (the same locals and code).
      { exportName: 'pair', params: [T.i32, T.i32, T.i32], results: [T.f32], locals: [[7, T.i32], [8, T.f64], [1, T.f32]], body: [op.get(0), op.set(A), op.get(1), op.set(BB), ...gaussian] },
    ],
    [{ name: 'exact', params: [T.i32, T.i32], results: [T.f32] }],
  ),
);

const exactImport = (a: number, b: number) => exactGaussianF32(a >>> 0, b >>> 0);
interface Instance {
  gaussians: (state: number, n: number, out: number) => number;
  pair: (a: number, b: number, unused: number) => number;
  buffer: ArrayBuffer;
  capacity: number;
}
let instance: Instance | null = null;

/** The instance, with room for n outputs. */
function ready(n: number): Instance {
  if (!instance || instance.capacity < n) {
    const capacity = Math.max(n, 1 << 16);
    const made = instantiate(MODULE, OUT + 4 * capacity, { exact: exactImport });
    let at = 0;
    for (const name of TABLE_ORDER) {
      new Float64Array(made.buffer, at, B[name].length).set(B[name]);
      at += B[name].length * 8;
    }
    instance = { gaussians: made.exports.gaussians as never, pair: made.exports.pair as never, buffer: made.buffer, capacity };
  }
  return instance;
}

/**
 * n Gaussians from mulberry32 state `state` into `out` (float32, as Prng.gaussians makes them);
 * returns the state after the 2n draws.
 */
export function gaussiansInto(state: number, n: number, out: Float32Array): number {
  const k = ready(n);
  const next = k.gaussians(state, n, OUT);
  out.set(new Float32Array(k.buffer, OUT, n));
  return next >>> 0;
}

/** gaussianF32(a, b) computed by the WebAssembly code (for tests). */
export const wasmGaussianF32 = (a: number, b: number): number => ready(0).pair(a | 0, b | 0, 0);
