import fs from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { recommendationsCsv, renderReportPdf } from '@hearth/reports';
import { withTryLock } from '../advisory-lock.js';
import { RepeatingTask } from '../repeating-task.js';
import { SiteModelService } from '../site-model.service.js';
import { AdviceService } from './advice.service.js';

/** Checked this often; a report is made once its period is complete and its rollups have had time to settle. */
const TICK_MS = 10 * 60_000;
/** Reports wait this long after their period ends, so late readings are rolled up first. */
const SETTLE_MS = 2 * 3_600_000;
/** Held while a process makes the scheduled reports, so several Hearth processes make each report once. */
const REPORT_LOCK = 72_310_004;

export interface ReportPeriod {
  /** First and last service date, site time. */
  first: string;
  last: string;
  /** [from, to) as epoch ms: midnight before `first` to midnight after `last`, site time. */
  from: number;
  to: number;
}

/**
 * The last complete period of a schedule at `now`, in a site's time zone:
 * the week Monday..Sunday before this week, or the calendar month before this
 * month; null until SETTLE_MS after it ended.
 */
export function lastCompletePeriod(schedule: 'weekly' | 'monthly', timeZone: string, now: number): ReportPeriod | null {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  const end = schedule === 'weekly' ? local.startOf('week') : local.startOf('month');
  const start = schedule === 'weekly' ? end.minus({ weeks: 1 }) : end.minus({ months: 1 });
  if (now - end.toMillis() < SETTLE_MS) return null;
  return { first: start.toISODate()!, last: end.minus({ days: 1 }).toISODate()!, from: start.toMillis(), to: end.toMillis() };
}

/**
 * Directors' reports on a schedule (REPORT_SCHEDULE weekly or monthly): for
 * every site, once its last period is complete, the PDF report and the CSV of
 * recommendations are written to REPORT_DIR and, with REPORT_WEBHOOK_URL, the
 * report is POSTed there as JSON (the PDF base64-encoded). A report already
 * in the folder is not made again; a webhook that failed is retried at the
 * next check, and its delivery is recorded beside the report.
 */
@Injectable()
export class ReportScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ReportScheduleService.name);
  private readonly checks = new RepeatingTask(
    () => this.runOnce(),
    (err) => this.log.warn({ err: err.message }, 'scheduled reports failed; they are retried'),
  );

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly dataSource: DataSource,
    private readonly sites: SiteModelService,
    private readonly advice: AdviceService,
  ) {}

  onApplicationBootstrap(): void {
    // The first check waits a full interval: rollups catch up after a restart first.
    if (this.config.reports.schedule !== 'off' && this.config.role !== 'ingest') this.checks.start(TICK_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.checks.stop();
  }

  /** Makes (and delivers) every report that is due at `now`; returns the files written. */
  async runOnce(now = Date.now()): Promise<string[]> {
    const schedule = this.config.reports.schedule;
    if (schedule === 'off') return [];
    const files = await withTryLock(this.dataSource, REPORT_LOCK, async () => {
      const written: string[] = [];
      const keys: { key: string }[] = await this.dataSource.query('SELECT key FROM site ORDER BY key');
      for (const { key } of keys) {
        // One site's failure (a webhook down) does not hold back the others.
        try {
          written.push(...(await this.forSite(key, schedule, now)));
        } catch (err) {
          this.log.warn({ site: key, err: (err as Error).message }, 'a scheduled report failed; it is retried at the next check');
        }
      }
      return written;
    });
    return files ?? [];
  }

  private async forSite(key: string, schedule: 'weekly' | 'monthly', now: number): Promise<string[]> {
    const model = await this.sites.get(key);
    const period = lastCompletePeriod(schedule, model.file.site.timeZone, now);
    if (!period) return [];
    const dir = this.config.reports.dir;
    const base = path.join(dir, `${key}-${schedule}-${period.first}-to-${period.last}`);
    const written: string[] = [];
    // A period with no rolled-up day has nothing to report yet (a new site, or rollups still catching up).
    const [{ days }] = await this.dataSource.query('SELECT count(*)::int AS days FROM site_day WHERE site_id = $1 AND service_date BETWEEN $2 AND $3', [model.id, period.first, period.last]);
    if (days === 0) return [];
    const exists = await fs.stat(`${base}.pdf`).then(
      () => true,
      () => false,
    );
    const window = { from: period.from, to: period.to };
    let pdf: Buffer | null = null;
    if (!exists) {
      const report = await this.advice.report(model, window);
      pdf = await renderReportPdf(report);
      await fs.mkdir(dir, { recursive: true });
      // Written under a temporary name and renamed: a half-written report is never taken for a finished one.
      await fs.writeFile(`${base}.csv.tmp`, recommendationsCsv(report.recommendations));
      await fs.rename(`${base}.csv.tmp`, `${base}.csv`);
      await fs.writeFile(`${base}.pdf.tmp`, pdf);
      await fs.rename(`${base}.pdf.tmp`, `${base}.pdf`);
      written.push(`${base}.pdf`, `${base}.csv`);
      this.log.log({ site: key, first: period.first, last: period.last, recommendations: report.recommendations.length }, 'scheduled report written');
    }
    const url = this.config.reports.webhookUrl;
    const sent = `${base}.sent`;
    if (url && !(await fs.stat(sent).then(() => true, () => false))) {
      try {
        await this.deliver(url, model, window, schedule, pdf ?? (await fs.readFile(`${base}.pdf`)), base);
        await fs.writeFile(sent, new Date(now).toISOString());
        this.log.log({ site: key, first: period.first, last: period.last }, 'scheduled report delivered to the webhook');
      } catch (err) {
        this.log.warn({ site: key, err: (err as Error).message }, 'the report webhook failed; delivery is retried at the next check');
      }
    }
    return written;
  }

  private async deliver(url: string, model: Awaited<ReturnType<SiteModelService['get']>>, window: { from: number; to: number }, schedule: string, pdf: Buffer, base: string): Promise<void> {
    const answer = await this.advice.recommendations(model, window);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        event: 'hearth.report',
        schedule,
        site: answer.site,
        name: answer.name,
        window: answer.window,
        summary: answer.summary,
        recommendations: answer.recommendations.map((r) => ({ id: r.id, priority: r.priority, title: r.title })),
        report: { filename: `${path.basename(base)}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') },
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`the report webhook answered ${res.status}`);
  }
}
