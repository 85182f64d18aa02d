import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@hearth/auth';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';

/** The fields of analytics answers that count people (or their visits and stays). */
const COUNT_FIELDS = new Set(['mean', 'peak', 'arrivals', 'departures', 'occupancy', 'headcount', 'count', 'people', 'sessions', 'visits', 'in', 'out', 'inCount', 'outCount', 'current', 'total']);

/**
 * A copy of `answer` in which every count of people between 0 and `minCount`
 * (exclusive) is null: a handful of people in a room at an hour can be
 * somebody a viewer knows. Zeros stay (an empty room tells nothing about a
 * person); other numbers (capacities, shares, hours) are not counts and stay.
 */
export function suppressSmallCounts<T>(answer: T, minCount: number): T {
  if (minCount <= 1) return answer;
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'number') return key !== undefined && COUNT_FIELDS.has(key) && value > 0 && value < minCount ? null : value;
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(answer) as T;
}

/** A cached answer is served as its JSON text: suppressed as parsed JSON, other text left alone. */
function cachedJson(text: string, minCount: number): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return suppressSmallCounts(JSON.parse(text) as unknown, minCount);
  } catch {
    return text;
  }
}

/**
 * Small-cell suppression for the viewer role: analytics answers read by a
 * viewer have their small counts withheld (VIEWER_MIN_COUNT), and say so in
 * the X-Hearth-Suppressed-Below header. Planners, directors and
 * administrators see exact figures; the public page has its own threshold.
 */
@Injectable()
export class ViewerSmallCountsInterceptor implements NestInterceptor {
  constructor(@Inject(HEARTH_CONFIG) private readonly config: HearthConfig) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const minCount = this.config.viewerMinCount;
    if (req.principal?.role !== 'viewer' || req.method !== 'GET' || minCount <= 1) return next.handle();
    ctx.switchToHttp().getResponse<Response>().setHeader('X-Hearth-Suppressed-Below', String(minCount));
    return next.handle().pipe(map((answer) => (Buffer.isBuffer(answer) ? answer : typeof answer === 'string' ? cachedJson(answer, minCount) : suppressSmallCounts(answer, minCount))));
  }
}
