import * as cdk from 'aws-cdk-lib';
import { ApiStack } from '../lib/api-stack';
const a = new ApiStack(new cdk.App(), 'DevStack');
const b = new ApiStack(new cdk.App(), 'ProdStack');
