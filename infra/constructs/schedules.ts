// Timers: one EventBridge rule for each function the lambda catalogue says runs on a schedule.
import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { lambdas, type LambdaId, type LambdaSpec } from '../../shared/lambdas.js';
import { acceptFinding } from '../nag.js';
import type { PrivacyFunction } from './privacy-function.js';

export interface SchedulesProps {
  functions: Record<LambdaId, PrivacyFunction>;
}

export class Schedules extends Construct {
  readonly rules: Partial<Record<LambdaId, Rule>> = {};

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const [lambdaId, spec] of Object.entries(lambdas) as [LambdaId, LambdaSpec][]) {
      if (!spec.schedule) continue;
      const name = `${lambdaId[0]!.toUpperCase()}${lambdaId.slice(1)}`;
      this.rules[lambdaId] = new Rule(this, `${name}Schedule`, {
        description: `privacy-ops: runs ${lambdaId} every ${spec.schedule.everyMinutes} minutes`,
        schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
        targets: [
          new LambdaFunction(props.functions[lambdaId], {
            event: RuleTargetInput.fromObject({}),
            // A run that fails is retried a little; the next tick comes soon anyway.
            retryAttempts: 2,
            maxEventAge: Duration.minutes(spec.schedule.everyMinutes),
          }),
        ],
      });
      acceptFinding(
        this.rules[lambdaId]!,
        'Serverless-EventBusDLQ',
        'A scheduled event carries nothing to keep: a tick that fails after its retries is replaced by the next one, and the functions are idempotent per run.',
      );
    }
  }
}
