local k = import 'github.com/grafana/jsonnet-libs/ksonnet-util/kausal.libsonnet';
local deploy = k.apps.v1.deployment;
{ api: deploy.new('api', 2, []) }
