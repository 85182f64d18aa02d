/** Something readiness depends on (the database, the broker). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** Collects readiness checks from the modules that own a connection. */
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];

  register(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async run(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> }> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs).unref());
        const result = await Promise.race([c.check().catch((e: Error) => ({ ok: false, detail: e.message })), timeout]);
        return [c.name, result] as const;
      }),
    );
    return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
  }
}
