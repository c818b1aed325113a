import * as z from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof HealthResponse>;
