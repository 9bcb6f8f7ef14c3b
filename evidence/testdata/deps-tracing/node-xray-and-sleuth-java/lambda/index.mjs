import AWSXRay from 'aws-xray-sdk-core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const ddb = AWSXRay.captureAWSv3Client(new DynamoDBClient({}));
export const handler = async () => ddb;
