/** A config that cannot be used. Each line names the field, the bad value and what is allowed. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Shows a value the way the user wrote it in YAML or JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Gathers the problems of several checks so they are reported together: `attempt` runs one
 * check and returns its value, or records its ConfigError's problems and returns undefined.
 */
export function problemCollector(): { problems: string[]; attempt: <T>(f: () => T) => T | undefined } {
  const problems: string[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  return { problems, attempt };
}
