import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs

app = cdk.App()
stack = cdk.Stack(app, 'Queue')
sqs.Queue(stack, 'Jobs')
app.synth()
