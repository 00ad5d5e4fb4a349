/** Kyverno image library: image references parsed as go-containerregistry `name.ParseReference` does. */
import type { CelLibrary } from '../adapter/index.js';
import { fail } from './errors.js';

export class ImageReference {
  constructor(
    readonly registry: string,
    readonly repository: string,
    readonly tag: string,
    readonly digest: string,
  ) {}
  toString(): string {
    return `${this.registry}/${this.repository}${this.tag ? `:${this.tag}` : ''}${this.digest ? `@${this.digest}` : ''}`;
  }
}

const REPO_PART = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parses an image reference; undefined when invalid. */
export function parseImageReference(ref: string): ImageReference | undefined {
  let rest = ref;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (!tag && !digest) tag = 'latest';
  let registry = 'index.docker.io';
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first === 'docker.io' ? 'index.docker.io' : first;
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === 'index.docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  if (rest === '' || !rest.split('/').every((p) => REPO_PART.test(p))) return undefined;
  return new ImageReference(registry, rest, tag, digest);
}

function mustParse(ref: string): ImageReference {
  const r = parseImageReference(ref);
  if (!r) fail(`invalid image reference: ${JSON.stringify(ref)}`);
  return r;
}

export const kyvernoImage: CelLibrary = {
  name: 'kyverno image',
  install(b) {
    b.type('Image', ImageReference);
    b.fn('parseImageReference(string): Image', mustParse);
    b.fn('image(string): Image', mustParse);
    b.fn('isImage(string): bool', (s: string) => parseImageReference(s) !== undefined);
    b.fn('Image.containsDigest(): bool', (i: ImageReference) => i.digest !== '');
    b.fn('Image.registry(): string', (i: ImageReference) => i.registry);
    b.fn('Image.repository(): string', (i: ImageReference) => i.repository);
    b.fn('Image.identifier(): string', (i: ImageReference) => i.digest || i.tag);
    b.fn('Image.tag(): string', (i: ImageReference) => i.tag);
    b.fn('Image.digest(): string', (i: ImageReference) => i.digest);
  },
};
