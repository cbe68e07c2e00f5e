/**
 * What pages a person: per function, any error, any throttle, and a p99 duration near its
 * timeout (the step before requests time out); for the HTTP API, any 5xx. Every alarm notifies
 * the stage's topic, found by its fixed name (config.ts), so no stack refers to another for it.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { StageConfig } from './config.ts';

/** The share of a function's timeout its p99 duration may reach before the alarm goes off. */
export const P99_SHARE_OF_TIMEOUT = 0.8;
const PERIOD = Duration.minutes(5);

/** The stage's alarm topic as seen from `scope`'s stack: its ARN from its name, in this account and region. */
export const alarmTopic = (scope: Construct, config: StageConfig): ITopic =>
  Topic.fromTopicArn(scope, 'AlarmTopic', Stack.of(scope).formatArn({ service: 'sns', resource: config.alarmTopicName, arnFormat: ArnFormat.NO_RESOURCE_NAME }));

/** An alarm on `metric` ≥ `threshold` in one 5-minute period, notifying `topic`. */
export function alarmOn(scope: Construct, id: string, topic: ITopic, props: { metric: IMetric; threshold: number; description: string }): Alarm {
  const alarm = new Alarm(scope, id, {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

export class FunctionAlarms extends Construct {
  constructor(scope: Construct, id: string, props: { config: StageConfig; fn: LambdaFunction; name: string; timeoutSeconds: number }) {
    super(scope, id);
    const { fn, name } = props;
    const topic = alarmTopic(this, props.config);
    alarmOn(this, 'Errors', topic, {
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description: `${name}: an invocation failed (an unhandled error or a timeout)`,
    });
    alarmOn(this, 'Throttles', topic, {
      metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description: `${name}: an invocation was throttled (its concurrency is spent)`,
    });
    alarmOn(this, 'DurationP99', topic, {
      metric: fn.metricDuration({ period: PERIOD, statistic: 'p99' }),
      threshold: Math.round(props.timeoutSeconds * 1000 * P99_SHARE_OF_TIMEOUT),
      description: `${name}: p99 duration reached ${P99_SHARE_OF_TIMEOUT * 100} % of its ${props.timeoutSeconds} s timeout`,
    });
  }
}
