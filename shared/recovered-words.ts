// The words for recovered files, the same in the status panel's confirm and the CLI.

export const itemCount = (n: number) => `${n} item${n === 1 ? '' : 's'}`;

/** Binary units, the way the rest of Atelier reports sizes. */
export function byteSize(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

/** "3 items (12.4 MiB) in 2 folders": what a delete would remove. */
export function recoveredAmount(folders: { items: number; bytes: number }[]): string {
  const items = folders.reduce((n, f) => n + f.items, 0);
  const bytes = folders.reduce((n, f) => n + f.bytes, 0);
  return `${itemCount(items)} (${byteSize(bytes)}) in ${folders.length} folder${folders.length === 1 ? '' : 's'}`;
}
