/// <reference lib="dom" />
/** The view switcher: tab buttons (arrow keys move between them, as WAI-ARIA's tabs pattern says) over panels of which one shows. */

export function showTabs(onShow: (view: string) => void = () => undefined): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role=tab]')).filter((t) => !t.hidden);
  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !on;
    }
    document.body.dataset.view = tab.dataset.view;
    onShow(tab.dataset.view!);
  };
  tabs.forEach((tab, i) => {
    tab.onclick = () => select(tab);
    tab.onkeydown = (e: KeyboardEvent) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length]!;
      next.focus();
      select(next);
    };
  });
  select(tabs[0]!);
}
