import { useEffect, useState } from 'preact/hooks';

/** Pages live under /console/ (the server answers index.html for any of them, so deep links and reloads work). */
export const base = '/console';

const listeners = new Set<() => void>();
addEventListener('popstate', () => listeners.forEach((l) => l()));

/** The page path after /console, e.g. "/maas/endpoints". */
export function currentPath(): string {
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
  return path === '' ? '/' : path;
}

export function navigate(path: string, replace = false): void {
  const url = base + path;
  if (replace) history.replaceState(null, '', url);
  else if (location.pathname + location.search !== url) history.pushState(null, '', url);
  listeners.forEach((l) => l());
  if (!replace) scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    return () => listeners.delete(update);
  }, []);
  return path;
}

/** A link inside the app: a real href (new tab, copy link), handled without reloading the page. */
export function onLinkClick(event: MouseEvent): void {
  const target = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = target.getAttribute('href');
  if (!href?.startsWith(base)) return;
  event.preventDefault();
  navigate(href.slice(base.length) || '/');
}
