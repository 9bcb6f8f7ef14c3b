local grafana = import 'github.com/grafana/grafonnet/gen/grafonnet-latest/main.libsonnet';
local dashboard = grafana.dashboard;
local ts = grafana.panel.timeSeries;

dashboard.new('API service')
+ dashboard.withPanels([
  ts.new('Requests'),
  ts.new('Latency'),
])
