// What the workflow hands each of its steps: checked on entry, since a definition change could break it.
import * as z from 'zod';
import { CONNECTOR_KINDS, OUTCOMES, TASK_ACTIONS } from '../../shared/fulfilment/model.js';

const RequestId = z.string().min(1).max(64);

export const PlannedTaskSchema = z.object({
  taskId: z.string().min(1),
  requestId: RequestId,
  systemId: z.string().min(1),
  action: z.enum(TASK_ACTIONS),
  connector: z.enum(CONNECTOR_KINDS),
  timeoutSeconds: z.number().int().positive(),
  heartbeatSeconds: z.number().int().positive(),
});

export const SystemOutcomeSchema = z.object({
  systemId: z.string(),
  action: z.enum(TASK_ACTIONS),
  outcome: z.enum(OUTCOMES),
  records: z.number().int().nonnegative(),
  partKey: z.string().optional(),
  retained: z.array(z.object({ category: z.string(), keepFor: z.string(), legalBasis: z.string() })).optional(),
  reason: z.string().optional(),
  error: z.string().optional(),
});

export const PlanInput = z.object({ requestId: RequestId });
export const RunConnectorInput = z.object({ task: PlannedTaskSchema });
export const CallSystemInput = z.object({ task: PlannedTaskSchema, taskToken: z.string().min(1) });
export const BundleInput = z.object({ requestId: RequestId, outcomes: z.array(SystemOutcomeSchema), decided: z.array(SystemOutcomeSchema) });
export const FinishInput = BundleInput.extend({ bundle: z.object({ key: z.string() }).nullable() });
export const MarkFailedInput = z.object({
  requestId: RequestId,
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
