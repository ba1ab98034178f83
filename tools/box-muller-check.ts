// Checks the error bounds box-muller-f32.ts relies on, over every input the uniform draws can
// give (2^32 each), against Math.log and Math.cos themselves (what Prng.gaussian() calls). If a
// bound held only on a sample, the fast start noise could round a value differently from the
// exact formula; checked here for all of them, it cannot.
//   npm run -s check:box-muller                 both, exhaustively (minutes)
//   npm run -s check:box-muller -- log|cos      one of them
//   npm run -s check:box-muller -- --stride 997 every 997th input (a quick look)
import { COS_ERROR, cosOfDraw, LOG_ERROR, logOfDraw } from '../electron/engine/box-muller-f32';

const args = process.argv.slice(2);
const strideAt = args.indexOf('--stride');
const stride = strideAt >= 0 ? Number(args[strideAt + 1]) : 1;
const only = args.find((a) => a === 'log' || a === 'cos');
const TWO_32 = 4294967296;
const TWO_PI = 2 * Math.PI;

function check(name: string, bound: number, first: number, error: (i: number) => number): boolean {
  const t0 = Date.now();
  let worst = 0;
  let worstAt = first;
  for (let i = first; i < TWO_32; i += stride) {
    const d = error(i);
    // NaN fails too: `!(d <= worst)` is true for it.
    if (!(d <= worst)) {
      worst = Number.isNaN(d) ? Infinity : d;
      worstAt = i;
    }
  }
  const ok = worst <= bound;
  console.log(`${name}: ${Math.ceil((TWO_32 - first) / stride)} inputs, largest error ${worst.toExponential(3)} at ${worstAt}, bound ${bound.toExponential(1)}: ${ok ? 'holds' : 'BROKEN'} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return ok;
}

let ok = true;
// u = 1 − a/2^32 = m/2^32 with m = 2^32 − a in [1, 2^32) (a = 0 takes the exact path).
if (only !== 'cos') ok = check('log', LOG_ERROR, 1, (m) => Math.abs(logOfDraw(m) - Math.log(m / TWO_32))) && ok;
if (only !== 'log') ok = check('cos', COS_ERROR, 0, (b) => { const x = TWO_PI * (b / TWO_32); return Math.abs(cosOfDraw(x) - Math.cos(x)); }) && ok;
process.exitCode = ok ? 0 : 1;
