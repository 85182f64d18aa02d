import { applyDecorators } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a zod schema as the request body in OpenAPI; the same schema validates the body. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return applyDecorators(ApiBody({ schema: json, description }));
}
