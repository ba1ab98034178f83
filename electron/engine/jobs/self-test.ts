// The self-test job: builds a small MLP as a real ONNX model, runs it in an onnxruntime session
// step after step, and checks every output against the same maths in JavaScript. It proves the
// worker → ORT → progress → result path before any generator exists.
import * as ort from 'onnxruntime-node';
import type { SelfTestPayload, SelfTestResult } from '../../../shared/contract';
import { AtelierError } from '../../../shared/errors';
import { Prng } from '../prng';
import { GraphBuilder } from '../runtime/onnx-graph';
import { cpuSessionOptions, ortVersion } from '../runtime/providers';
import { pause, throwIfCancelled, type JobContext } from './context';

const IN = 16;
const HIDDEN = 32;
const OUT = 8;
const TOLERANCE = 1e-4;

export interface Mlp {
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  bytes: Uint8Array;
}

/** y = relu(x·W1 + b1)·W2 with seeded weights; batch is a free dimension. */
export function buildSelfTestModel(seed = 7): Mlp {
  const rng = new Prng(seed);
  const w1 = rng.floats(IN * HIDDEN, 0.3);
  const b1 = rng.floats(HIDDEN, 0.1);
  const w2 = rng.floats(HIDDEN * OUT, 0.3);
  const g = new GraphBuilder('self_test');
  const x = g.input('x', ['batch', IN]);
  const h = g.op('MatMul', [x, g.init('w1', [IN, HIDDEN], w1)]);
  const a = g.op('Relu', [g.op('Add', [h, g.init('b1', [HIDDEN], b1)])]);
  g.op('MatMul', [a, g.init('w2', [HIDDEN, OUT], w2)], undefined, 'y');
  g.output('y', ['batch', OUT]);
  return { w1, b1, w2, bytes: g.toBytes() };
}

/** The JavaScript oracle for the same network. */
export function referenceMlp(m: Mlp, x: Float32Array, batch: number): Float32Array {
  const y = new Float32Array(batch * OUT);
  const hidden = new Float64Array(HIDDEN);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < HIDDEN; j++) {
      let s = m.b1[j] as number;
      for (let i = 0; i < IN; i++) s += (x[b * IN + i] as number) * (m.w1[i * HIDDEN + j] as number);
      hidden[j] = Math.max(0, s);
    }
    for (let k = 0; k < OUT; k++) {
      let s = 0;
      for (let j = 0; j < HIDDEN; j++) s += (hidden[j] as number) * (m.w2[j * OUT + k] as number);
      y[b * OUT + k] = s;
    }
  }
  return y;
}

export async function runSelfTest(payload: SelfTestPayload, ctx: JobContext): Promise<SelfTestResult> {
  const model = buildSelfTestModel();
  const session = await ort.InferenceSession.create(model.bytes, cpuSessionOptions());
  const rng = new Prng(42);
  let maxAbsError = 0;
  try {
    ctx.progress(0, payload.steps, 'Session created');
    for (let step = 1; step <= payload.steps; step++) {
      throwIfCancelled(ctx.signal);
      if (payload.crashAtStep === step) process.abort(); // diagnostics: a real native-style crash
      const batch = 1 + (step % 4);
      const x = rng.floats(batch * IN);
      const out = await session.run({ x: new ort.Tensor('float32', x, [batch, IN]) });
      const y = out.y?.data as Float32Array;
      const want = referenceMlp(model, x, batch);
      for (let i = 0; i < want.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs((y[i] as number) - (want[i] as number)));
      if (!(maxAbsError <= TOLERANCE)) {
        throw new AtelierError('INTERNAL', `onnxruntime output differs from the reference by ${maxAbsError} at step ${step}`);
      }
      ctx.progress(step, payload.steps, `Step ${step}/${payload.steps}: output matches the reference`);
      if (payload.stepMs > 0 && step < payload.steps) await pause(payload.stepMs, ctx.signal);
    }
  } finally {
    await session.release();
  }
  return { steps: payload.steps, maxAbsError, executionProvider: 'cpu', ortVersion: ortVersion() };
}
