/** Serialise a JSON value for a tool input file. JSON is valid YAML, and exact for helm and kustomize. */
export function dump(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
