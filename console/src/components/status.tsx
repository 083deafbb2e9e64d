import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api';
import { explain } from '../lib/explain';

/** An error as the server answered it: AWS's code and exact message, then what it usually means. */
export function ErrorBox({ error, title }: { error?: ApiError; title?: string }) {
  if (!error) return null;
  const why = explain(error.code);
  return (
    <div class="alert alert-error" role="alert">
      <p class="alert-title">
        {title ? `${title}: ` : ''}
        <code class="error-code">{error.code}</code>
      </p>
      <p class="error-message">{error.message}</p>
      {why && <p class="error-explain">{why}</p>}
      {error.requestId && <p class="muted small">Request ID: {error.requestId}</p>}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** A success or information line, announced to screen readers. */
export function Notice({ message, kind = 'success' }: { message?: string; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div class={message ? `alert alert-${kind}` : 'sr-only'} role="status" aria-live="polite">
      {message}
    </div>
  );
}

/** A screen or action this server does not provide (yet): shown, but off. */
export function Unavailable({ what }: { what: string }) {
  return (
    <div class="alert alert-info" role="note">
      <p class="alert-title">{what}: not available on this server</p>
      <p>This server does not provide the operations this screen needs.</p>
    </div>
  );
}

export function Badge({ kind = 'neutral', children }: { kind?: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}
