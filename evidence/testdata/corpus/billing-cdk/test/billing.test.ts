import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BillingStack } from '../lib/billing-stack';

test('invoice table keeps point-in-time recovery', () => {
  const app = new cdk.App();
  const stack = new BillingStack(app, 'TestStack', { invoiceRetentionDays: 1 });
  Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  });
});
