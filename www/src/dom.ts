// A tiny element builder. Everything user- or server-provided goes in as text, never as HTML.

type Child = Node | string | null | undefined | false;
type Props = Record<string, unknown> & { class?: string };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = String(value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value as EventListener);
    else if (key in el && !key.includes("-")) (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  el.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return el;
}

/** Only web URLs become links or images: a server could hold `javascript:` anywhere. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function initials(name: string | undefined, uid: string): string {
  const words = (name ?? uid).trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0] ?? "").join("").toUpperCase() || "?";
}

/** An avatar image, falling back to initials when there is none or it fails to load. */
export function avatar(user: { uid: string; name?: string; avatar?: string }, size: "sm" | "md" | "lg"): HTMLElement {
  const box = h("span", { class: `avatar avatar-${size}`, "aria-hidden": "true" }, h("span", { class: "avatar-initials" }, initials(user.name, user.uid)));
  const src = safeUrl(user.avatar);
  if (src) {
    const img = h("img", { src, alt: "", decoding: "async", referrerPolicy: "no-referrer" });
    img.addEventListener("error", () => img.remove());
    box.append(img);
  }
  return box;
}
