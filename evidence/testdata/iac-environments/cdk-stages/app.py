import aws_cdk as cdk

from search.stack import SearchStack

app = cdk.App()
SearchStack(app, "search-dev", env=cdk.Environment(region="eu-west-1"))
SearchStack(app, "search-prod", env=cdk.Environment(region="eu-west-1"))
app.synth()
