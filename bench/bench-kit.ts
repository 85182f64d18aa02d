/** Helpers shared by the benchmarks: figures, medians, a process's memory, and the run/exit protocol. */
import fs from 'node:fs';

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A field of /proc/<pid>/status, in kB (0 once the process is gone). */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs a benchmark's main and exits with its code: 0 met, 1 missed, 2 failed.
 * After a signal the running phase fails as its processes go; the signal
 * handler exits then, so that failure is not reported.
 */
export function runBench(name: string, main: () => Promise<number>, interrupted: () => boolean = () => false): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (interrupted()) return;
      process.stderr.write(`${name} failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(2);
    },
  );
}
