import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import type { Loaded } from '../api.ts';

/** Only http(s) links reach the page: anything else is shown as text. */
function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function ExternalLink({
  href,
  children,
}: {
  href: string | null | undefined;
  children: ComponentChildren;
}) {
  const safe = safeHref(href);
  if (!safe) return html`<span>${children}</span>`;
  return html`<a href=${safe} target="_blank" rel="noopener noreferrer">${children}</a>`;
}

/** Renders loading and error states of an API call, or the content once it has data. */
export function Async<T>({
  result,
  children,
  what,
}: {
  result: Loaded<T>;
  children: (data: T) => ComponentChildren;
  what: string;
}) {
  if (result.state === 'loading') return html`<p class="muted" role="status">Loading ${what}…</p>`;
  if (result.state === 'error')
    return html`<p class="error" role="alert">Could not load ${what}: ${result.error.message}</p>`;
  return html`${children(result.data)}`;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return html`<p class="empty">${children}</p>`;
}

export function Figure({
  label,
  value,
  testid,
  note,
}: {
  label: string;
  value: string;
  testid: string;
  note?: string;
}) {
  return html`<div class="figure"><dt>${label}</dt><dd data-testid=${testid}>${value}</dd>${note ? html`<small>${note}</small>` : null}</div>`;
}
