/**
 * Every example in one app, so a single `cdk synth` proves they all synthesize without AWS
 * credentials (the test suite runs it: `npx projen synth:examples`).
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/all.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import { buildCapacityPlan } from './capacity-plan';
import { buildClickstreamDataLake } from './clickstream-data-lake';
import { buildDataLakeIngestion } from './data-lake-ingestion';
import { buildExpress } from './express';
import { buildExpressDataLake } from './express-data-lake';
import { buildFlinkAnalytics } from './flink-analytics';
import { buildIotServerless } from './iot-serverless';
import { buildLogAggregation } from './log-aggregation';
import { buildMicroservices } from './microservices';
import { buildMultiVpc } from './multi-vpc';
import { buildPartnerScramAcls } from './partner-scram-acls';
import { buildProducerConsumer } from './producer-consumer';
import { buildQuickstart } from './quickstart';
import { buildScramUsers } from './scram-users';
import { buildServerless } from './serverless';

/** The builder of every example app, by file name. */
export const ALL_EXAMPLES: Record<string, (app: App) => Stack> = {
  'quickstart.ts': buildQuickstart,
  'serverless.ts': buildServerless,
  'producer-consumer.ts': buildProducerConsumer,
  'express.ts': buildExpress,
  'capacity-plan.ts': buildCapacityPlan,
  'express-data-lake.ts': buildExpressDataLake,
  'scram-users.ts': buildScramUsers,
  'partner-scram-acls.ts': buildPartnerScramAcls,
  'multi-vpc.ts': buildMultiVpc,
  'microservices.ts': buildMicroservices,
  'iot-serverless.ts': buildIotServerless,
  'flink-analytics.ts': buildFlinkAnalytics,
  'log-aggregation.ts': buildLogAggregation,
  'clickstream-data-lake.ts': buildClickstreamDataLake,
  'data-lake-ingestion.ts': buildDataLakeIngestion,
};

if (require.main === module) {
  const app = new App();
  for (const build of Object.values(ALL_EXAMPLES)) {
    build(app);
  }
  app.synth();
}
