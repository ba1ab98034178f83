// Copying text to the clipboard, for any feature that offers a Copy button (a recipe, a document's
// kept text).

/**
 * Copies text; falls back to a hidden textarea where the async clipboard is not allowed. `what` names
 * the text in the error that asks the user to copy it by hand ("the recipe text").
 */
export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error(`The clipboard is not available here; select ${what} and copy it by hand.`);
}
