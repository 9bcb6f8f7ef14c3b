#!/usr/bin/env node
import 'source-map-support/register';
import * as cdk from 'aws-cdk-lib';
import { BillingStack } from '../lib/billing-stack';

const app = new cdk.App();
cdk.Tags.of(app).add('owner', 'billing-team');
cdk.Tags.of(app).add('cost-center', 'cc-2210');

new BillingStack(app, 'BillingStaging', {
  env: { account: '111111111111', region: 'eu-west-1' },
  invoiceRetentionDays: 30,
});

new BillingStack(app, 'BillingProd', {
  env: { account: '222222222222', region: 'eu-west-1' },
  invoiceRetentionDays: 3650,
});
