import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';

export interface BillingStackProps extends StackProps {
  invoiceRetentionDays: number;
}

export class BillingStack extends Stack {
  constructor(scope: Construct, id: string, props: BillingStackProps) {
    super(scope, id, props);

    const invoices = new dynamodb.Table(this, 'Invoices', {
      partitionKey: { name: 'invoiceId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const queue = new sqs.Queue(this, 'ChargeRequests', {
      visibilityTimeout: Duration.seconds(60),
      retentionPeriod: Duration.days(4),
    });

    const charger = new lambda.Function(this, 'Charger', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'charge.handler',
      code: lambda.Code.fromAsset('lambda'),
      environment: { TABLE: invoices.tableName },
    });
    charger.addEventSource(new SqsEventSource(queue));
    invoices.grantReadWriteData(charger);
  }
}
