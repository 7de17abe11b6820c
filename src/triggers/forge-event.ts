// What a git host's webhook says (GitHub, Gitea and Forgejo, GitLab): a ping, a push to a branch, or
// something else. Only the event header and the push's `ref` matter: the rescan reads the checkout itself.
import type { IncomingHttpHeaders } from 'node:http';

export type ForgeEvent =
  | { readonly kind: 'ping' }
  | { readonly kind: 'push'; readonly ref: string; readonly branch: string | undefined }
  /** Anything else: a CMS's plain POST, another event: a rescan, as before. */
  | { readonly kind: 'other' };

export function forgeEvent(headers: IncomingHttpHeaders, body: Buffer): ForgeEvent {
  const header = (name: string): string => {
    const v = headers[name];
    return (Array.isArray(v) ? v[0] : v)?.toLowerCase() ?? '';
  };
  const github = header('x-github-event') || header('x-gitea-event') || header('x-gogs-event') || header('x-forgejo-event');
  const gitlab = header('x-gitlab-event');
  if (github === 'ping') return { kind: 'ping' };
  if (github !== 'push' && gitlab !== 'push hook') return { kind: 'other' };
  let ref = '';
  try {
    const payload = JSON.parse(body.toString('utf8')) as { ref?: unknown };
    if (typeof payload.ref === 'string') ref = payload.ref;
  } catch {
    // A push event that is not JSON (a form-encoded GitHub hook): no ref known, so it rescans.
    return { kind: 'other' };
  }
  return { kind: 'push', ref, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined };
}
