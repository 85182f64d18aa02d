import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ERROR_CODES, HearthError } from '@hearth/common';
import { SiteFileError } from '@hearth/spaces';
import { ImdfImportError } from '@hearth/imdf';

/** Maps domain errors to HTTP in one place; unexpected errors become a 500 without internals. */
@Catch()
export class HearthExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof HearthError) {
      res.status(ERROR_CODES[error.code]).json({ statusCode: ERROR_CODES[error.code], error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    if (error instanceof SiteFileError) {
      res.status(400).json({ statusCode: 400, error: 'INVALID_SITE_FILE', message: error.message, issues: error.issues });
      return;
    }
    if (error instanceof ImdfImportError) {
      res.status(400).json({ statusCode: 400, error: 'INVALID_IMDF', message: error.message });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    // Body parser errors (too large, malformed JSON) carry their own status.
    const status = (error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ statusCode: status, message: (error as Error).message });
      return;
    }
    this.log.error({ err: error }, 'unhandled error');
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'internal error' });
  }
}
