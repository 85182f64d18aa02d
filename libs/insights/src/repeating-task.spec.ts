import { RepeatingTask } from './repeating-task.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a repeating background task', () => {
  it('runs first after its delay, again after each run, one at a time, and keeps going after a failure', async () => {
    const starts: number[] = [];
    const errors: string[] = [];
    let running = 0;
    let overlapped = false;
    const task = new RepeatingTask(
      async () => {
        starts.push(Date.now());
        overlapped ||= running > 0;
        running++;
        await sleep(15);
        running--;
        if (starts.length === 2) throw new Error('second run failed');
      },
      (err) => errors.push(err.message),
    );
    const begun = Date.now();
    task.start(5, 30);
    // Three runs need about 30 + 20 + 20 ms; a busy machine gets ten times that.
    await sleep(300);
    await task.stop();
    const count = starts.length;
    expect(starts[0]! - begun).toBeGreaterThanOrEqual(25);
    expect(count).toBeGreaterThanOrEqual(3);
    expect(errors).toEqual(['second run failed']);
    expect(overlapped).toBe(false);
    // Each run starts at least a run's length plus the interval after the one before.
    for (let i = 1; i < count; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(18);
    await sleep(50);
    expect(starts.length).toBe(count);
  });

  it('waits for a run in progress when stopped', async () => {
    let finished = false;
    const task = new RepeatingTask(async () => {
      await sleep(40);
      finished = true;
    }, () => undefined);
    task.start(1000, 0);
    await sleep(10);
    await task.stop();
    expect(finished).toBe(true);
  });
});
