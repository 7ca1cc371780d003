// An accessible tab list (WAI-ARIA "tabs" pattern, automatic activation): one tab in the Tab
// order (roving tabindex), ←/→ move between tabs and show their panel, Home/End go to the ends.
import { h } from "./dom";

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  panel: HTMLElement;
}

export interface Tabs<T extends string> {
  /** The tab list; the panels stay where the caller puts them. */
  list: HTMLElement;
  select(id: T, focus?: boolean): void;
}

export function tabs<T extends string>(label: string, specs: TabSpec<T>[], initial: T, onSelect: (id: T) => void): Tabs<T> {
  const buttons = specs.map((s) => {
    const button = h("button", { type: "button", role: "tab", id: `tab-${s.id}`, class: "tab", "aria-controls": `panel-${s.id}`, "data-tab": s.id }, s.label);
    s.panel.id = `panel-${s.id}`;
    s.panel.setAttribute("role", "tabpanel");
    s.panel.setAttribute("aria-labelledby", button.id);
    button.addEventListener("click", () => select(s.id));
    return button;
  });
  let current: T | null = null;

  function select(id: T, focus = false): void {
    specs.forEach((s, i) => {
      const on = s.id === id;
      buttons[i].setAttribute("aria-selected", String(on));
      buttons[i].tabIndex = on ? 0 : -1;
      s.panel.hidden = !on;
      if (on && focus) buttons[i].focus();
    });
    if (current !== id) {
      current = id;
      onSelect(id);
    }
  }

  const list = h("div", { role: "tablist", class: "tabs", "aria-label": label }, ...buttons);
  list.addEventListener("keydown", (ev) => {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const last = buttons.length - 1;
    const moves: Record<string, number> = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last };
    const to = moves[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    select(specs[to].id, true);
  });
  select(initial);
  return { list, select };
}
