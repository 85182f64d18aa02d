import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { AnswerCache } from '../rollup-cache.js';

/**
 * Sends an answer from the AnswerCache as its memoised JSON, so an answer
 * served again is not serialised again. Any other body passes through.
 */
@Injectable()
export class CachedAnswerInterceptor implements NestInterceptor {
  constructor(private readonly answers: AnswerCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body) => {
        const json = this.answers.jsonOf(body);
        if (json === undefined) return body;
        context.switchToHttp().getResponse<Response>().type('application/json');
        return json;
      }),
    );
  }
}
