import boto3

client = boto3.client("appconfigdata")


def load(token):
    return client.get_latest_configuration(ConfigurationToken=token)
