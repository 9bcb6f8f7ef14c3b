import io

import boto3
from aws_lambda_powertools import Logger, Tracer
from PIL import Image

logger = Logger(service="thumbnails")
tracer = Tracer(service="thumbnails")
s3 = boto3.client("s3")

SIZE = (256, 256)


@tracer.capture_method
def make_thumbnail(data: bytes) -> bytes:
    img = Image.open(io.BytesIO(data))
    img.thumbnail(SIZE)
    out = io.BytesIO()
    img.save(out, format="JPEG")
    return out.getvalue()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = record["s3"]["object"]["key"]
        if key.startswith("thumbs/"):
            continue
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        s3.put_object(Bucket=bucket, Key="thumbs/" + key, Body=make_thumbnail(body))
        logger.info("thumbnail written", extra={"key": key})
