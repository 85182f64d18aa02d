/**
 * A background task run again and again: first after `firstMs`, then
 * `everyMs` after each run ends, never two runs at once. A failing run is
 * reported to `onError` and the task runs again at its next turn. `stop()`
 * waits for a run in progress. Timers do not keep the process alive.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | undefined;
  private run: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly onError: (err: Error) => void,
  ) {}

  start(everyMs: number, firstMs = everyMs): void {
    const tick = () => {
      this.run = this.task()
        .then(() => undefined)
        .catch((err: unknown) => this.onError(err as Error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, everyMs).unref();
        });
    };
    this.timer = setTimeout(tick, firstMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.run;
  }
}
