/** Kubernetes `format` library: named validators returning optional<list<string>> of errors. */
import { type CelLibrary, Optional } from '../adapter/index.js';

type Validator = (s: string) => string[];

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const regexCheck =
  (re: RegExp, max: number, what: string): Validator =>
  (s) => {
    const errs: string[] = [];
    if (s.length > max) errs.push(`must be no more than ${max} characters`);
    if (!re.test(s)) errs.push(what);
    return errs;
  };

const prefix =
  (v: Validator): Validator =>
  (s) =>
    v(s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

const qualifiedName: Validator = (s) => {
  const parts = s.split('/');
  if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.'"];
  const name = parts.at(-1) ?? '';
  const errs: string[] = [];
  if (parts.length === 2)
    errs.push(
      ...regexCheck(
        DNS1123_SUBDOMAIN,
        253,
        'prefix part must be a lowercase RFC 1123 subdomain',
      )(parts[0] ?? ''),
    );
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name !== '' && !QUALIFIED_NAME.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    );
  return errs;
};

const VALIDATORS: Record<string, Validator> = {
  dns1123Label: regexCheck(
    DNS1123_LABEL,
    63,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  ),
  dns1123Subdomain: regexCheck(
    DNS1123_SUBDOMAIN,
    253,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  ),
  dns1035Label: regexCheck(
    DNS1035_LABEL,
    63,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  ),
  qualifiedName,
  labelValue: regexCheck(
    LABEL_VALUE,
    63,
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  ),
  uri: (s) => (/^[A-Za-z][A-Za-z0-9+.-]*:\S*$|^\/\S*$/.test(s) ? [] : ['must be a URI']),
  uuid: (s) => (UUID.test(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (BYTE.test(s) ? [] : ['invalid base64']),
  date: (s) => (DATE.test(s) ? [] : ['invalid date']),
  datetime: (s) => (DATETIME.test(s) ? [] : ['invalid datetime']),
};
VALIDATORS.dns1123LabelPrefix = prefix(VALIDATORS.dns1123Label as Validator);
VALIDATORS.dns1123SubdomainPrefix = prefix(VALIDATORS.dns1123Subdomain as Validator);
VALIDATORS.dns1035LabelPrefix = prefix(VALIDATORS.dns1035Label as Validator);

export class NamedFormat {
  constructor(
    readonly name: string,
    readonly validate: Validator,
  ) {}
}

export const k8sFormat: CelLibrary = {
  name: 'kubernetes format',
  install(b) {
    b.type('kubernetes.NamedFormat', NamedFormat);
    b.namespace('format', 'FormatNamespace');
    b.fn('FormatNamespace.named(string): optional<kubernetes.NamedFormat>', (_: unknown, n: string) => {
      const v = VALIDATORS[n];
      return v ? Optional.of(new NamedFormat(n, v)) : Optional.none();
    });
    for (const name of Object.keys(VALIDATORS).sort()) {
      b.fn(
        `FormatNamespace.${name}(): kubernetes.NamedFormat`,
        () => new NamedFormat(name, VALIDATORS[name] as Validator),
      );
    }
    b.fn('kubernetes.NamedFormat.validate(string): optional<list<string>>', (f: NamedFormat, s: string) => {
      const errs = f.validate(s);
      return errs.length ? Optional.of(errs) : Optional.none();
    });
  },
};
