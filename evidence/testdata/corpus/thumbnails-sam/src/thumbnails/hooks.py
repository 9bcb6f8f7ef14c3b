import boto3

codedeploy = boto3.client("codedeploy")
lambda_client = boto3.client("lambda")


def pre_traffic(event, context):
    status = "Succeeded"
    try:
        lambda_client.invoke(FunctionName="thumbnails-status", Payload=b"{}")
    except Exception:
        status = "Failed"
    codedeploy.put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=status,
    )
