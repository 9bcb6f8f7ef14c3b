import pulumi
import pulumi_aws as aws

bucket = aws.s3.Bucket("invoices")
pulumi.export("bucket", bucket.id)
