import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { runValidatorWall, wallApp } from './validator-wall';
test('timing', () => {
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    const app = wallApp();
    new s3.Bucket(new Stack(app, 'S'), 'B');
    const t1 = Date.now();
    const r = runValidatorWall(app);
    process.stderr.write(`run ${i}: build ${t1 - t0} ms, wall ${Date.now() - t1} ms, ${r.errors.length} errors\n`);
  }
});
