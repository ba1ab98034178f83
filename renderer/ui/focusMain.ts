// The keyboard's place of last resort: the main region, made focusable for the purpose, so a
// control that goes away leaves the user in the work area rather than at the page's start.
export function focusMain(): void {
  const main = document.querySelector('main');
  if (!main) return;
  if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  main.focus();
}
