/** Reading the environment: every bad value is collected, then named in one error. */
export class StorageConfigError extends Error {
  /** The first bad variable; `problems` has them all. */
  readonly variable: string;

  constructor(readonly problems: { variable: string; message: string }[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    this.name = 'StorageConfigError';
    this.variable = problems[0].variable;
  }
}

export class EnvReader {
  readonly problems: { variable: string; message: string }[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Blank values count as unset, so `EGG_PARTITIONS=` in a .env file means the default. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  problem(variable: string, message: string): undefined {
    this.problems.push({ variable, message });
    return undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      this.problem(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problem(name, `must be "true" or "false", got "${this.raw(name)}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const value = values.find((v) => v === raw.toLowerCase());
    return value ?? this.problem(name, `must be one of ${values.map((v) => `"${v}"`).join(', ')}, got "${raw}"`);
  }

  /** Throws one StorageConfigError naming every problem found, if any. */
  check(): void {
    if (this.problems.length > 0) throw new StorageConfigError(this.problems);
  }
}
