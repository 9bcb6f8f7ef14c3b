import * as cdk from 'aws-cdk-lib';
import { SearchStack } from '../lib/search-stack';

const app = new cdk.App();
const stack = new SearchStack(app, 'Search');
cdk.Tags.of(app).add('Owner', 'search-team');
cdk.Tags.of(stack).add('Component', 'search');
