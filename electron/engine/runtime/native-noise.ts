// What the job worker's native libraries print on stderr, minus known noise: probing WebGPU on a
// machine without Vulkan makes Dawn print "Warning: Couldn't load Vulkan: …" and an "at operator()
// (/build/…/dawn-src/…)" line, which reads like a crash in `atelier status`. The reason WebGPU is
// unavailable is already shown where providers are listed; every other line passes through.
import type { Readable, Writable } from 'node:stream';

const NOISE = [/^Warning: Couldn't load Vulkan\b/, /^\s+at .*[/\\]dawn-src[/\\]/];

export function isNativeNoise(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}

/** Copies `from` to `to` line by line, leaving out the known noise (and the blank line Dawn ends it with). */
export function forwardWithoutNoise(from: Readable, to: Writable): void {
  let rest = '';
  let afterNoise = false;
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    const kept = lines.filter((l) => {
      const drop = isNativeNoise(l) || (afterNoise && l.trim() === '');
      afterNoise = drop;
      return !drop;
    });
    if (kept.length) to.write(`${kept.join('\n')}\n`);
  });
  from.on('end', () => {
    if (rest && !isNativeNoise(rest)) to.write(rest);
    rest = '';
  });
}
