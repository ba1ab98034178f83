// Saves a file through a link with a download name: the same in the browser and in Electron's
// sandboxed page (no Node APIs).

/** Saves what a URL (a data: URL, or a blob: URL) holds under `name`. */
export function downloadUrl(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Saves text (or bytes, such as a .docx) as a file, through a Blob. */
export function download(name: string, content: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  downloadUrl(name, url);
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
