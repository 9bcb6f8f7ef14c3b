import { App } from 'aws-cdk-lib';
import { PipelineStack } from '../lib/pipeline-stack';
new PipelineStack(new App(), 'Pipeline');
