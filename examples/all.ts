/**
 * Every example in one app, so a single `cdk synth` proves they all synthesize without AWS
 * credentials (the test suite runs it: `npx projen synth:examples`).
 *
 *   npx cdk synth --app "npx ts-node --prefer-ts-exts examples/all.ts"
 */
import { App, Stack } from 'aws-cdk-lib';
import { buildExpress } from './express';
import { buildMultiVpc } from './multi-vpc';
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
  'scram-users.ts': buildScramUsers,
  'multi-vpc.ts': buildMultiVpc,
};

if (require.main === module) {
  const app = new App();
  for (const build of Object.values(ALL_EXAMPLES)) {
    build(app);
  }
  app.synth();
}
